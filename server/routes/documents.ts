import { Request, Response, Router } from 'express';
import type { Logger } from 'pino';
import { listAnchorsOfDocument } from '../../db/anchors';
import {
  createDocument, DocumentInContext, DocumentInput, findDocument, isDocumentAnchored, listDocuments, replaceDocument, updateDocument,
} from '../../db/documents';
import type { Db } from '../../db/knex';
import { listSourceOptions } from '../../db/sources';
import { found } from '../errors';
import { complete, documentMerge, fillFromPage, NewDocumentForm, parseEditDocument, parseNewDocument } from '../forms/document';
import type { FormResult } from '../forms/fields';
import { requireEditor } from '../http/auth';
import { redirectWithNotice } from '../http/notices';
import { saveOnce } from '../http/once';
import { idParam, pageParam, paginate } from '../http/params';
import { authorship, failureErrors } from '../http/saving';
import { FormState, presentMerge, saveEditForm } from '../http/versioned-save';
import { extractText } from '../outbound/extract-text';
import { fetchPage } from '../outbound/fetch-page';
import type { AllowEntry } from '../outbound/ssrf';
import { presentChecks, presentClaims, presentDocument, presentText } from '../pages/document';
import { listDocumentChecks } from '../../db/document-checks';
import { languageOptions } from '../presentation/languages';

const PER_PAGE = 50;

interface DocumentForm extends FormState {
  /** The document being edited, or being replaced by a corrected one. */
  document?: DocumentInContext;
  /** 'new' and 'replace' take pasted text or a web address; 'edit' changes the document itself. */
  mode: 'new' | 'edit' | 'replace';
}

/** Source documents: the list, the page with its passages highlighted, and the editors' forms. */
export function documentsRouter(db: Db, logger: Logger, fetchAllowHosts: AllowEntry[]): Router {
  const router = Router();
  const editorOnly = requireEditor(logger);
  router.get('/documents', listAllDocuments);
  router.get('/documents/new', editorOnly, newDocument);
  router.post('/documents', editorOnly, createDocumentFromForm);
  router.get('/documents/:id', showDocument);
  router.get('/documents/:id/edit', editorOnly, editDocument);
  router.post('/documents/:id/edit', editorOnly, updateDocumentFromForm);
  router.get('/documents/:id/replace', editorOnly, newCorrection);
  router.post('/documents/:id/replace', editorOnly, createCorrectionFromForm);
  return router;

  async function loadDocument(req: Request, res: Response): Promise<DocumentInContext> {
    return found(await findDocument(db, idParam(req.params.id), Boolean(res.locals.editor)));
  }

  async function listAllDocuments(req: Request, res: Response) {
    const page = pageParam(req.query.page);
    const rows = await listDocuments(db, page, PER_PAGE, Boolean(res.locals.editor));
    const documents = paginate(rows.map(presentDocument), page, PER_PAGE);
    res.render('documents/index', { title: 'Documents', documents });
  }

  async function showDocument(req: Request, res: Response) {
    const document = await loadDocument(req, res);
    const editor = Boolean(res.locals.editor);
    const [anchors, checks] = await Promise.all([listAnchorsOfDocument(db, document.id, editor), listDocumentChecks(db, document.id)]);
    const wholeText = editor || document.full_text_public;
    res.render('documents/show', {
      title: document.title, document: presentDocument(document), wholeText,
      blocks: presentText(document.text, anchors, wholeText), claims: presentClaims(anchors), checks: presentChecks(checks, anchors),
    });
  }

  async function newDocument(_req: Request, res: Response) {
    await renderForm(res, 200, { mode: 'new', values: { full_text_public: 'true', published_on_precision: 'day' } });
  }

  async function createDocumentFromForm(req: Request, res: Response) {
    const input = await documentFromForm(req.body);
    if (!input.ok) return renderForm(res, 422, { mode: 'new', values: req.body, errors: input.errors });
    const { edit_summary, ...fields } = input.value;
    const saved = await saveOnce(req, res, db, {
      check: '/documents',
      create: (trx) => createDocument(trx, fields, authorship(res, edit_summary || 'Created')),
      answer: (document) => ({ location: `/documents/${document.id}`, notice: 'Document added.' }),
    });
    if (saved.kind !== 'saved') return renderForm(res, 422, { mode: 'new', values: req.body, errors: failureErrors(saved) });
    redirectWithNotice(req, res, saved.value.location, saved.value.notice);
  }

  async function editDocument(req: Request, res: Response) {
    const document = await loadDocument(req, res);
    await renderForm(res, 200, { mode: 'edit', document, values: formValues(document) });
  }

  async function updateDocumentFromForm(req: Request, res: Response) {
    const document = await loadDocument(req, res);
    await saveEditForm(req, res, db, {
      spec: documentMerge, id: document.id, parse: parseEditDocument,
      save: ({ version: _loaded, edit_summary, ...input }, version) => updateDocument(db, document.id, version, input, authorship(res, edit_summary)),
      current: () => findDocument(db, document.id),
    }, {
      reshow: ({ status, values, errors, merge, current }) => renderForm(res, status, { mode: 'edit', document: current ?? document, values, errors, merge }),
      saved: { location: `/documents/${document.id}`, notice: 'Document saved.' },
    });
  }

  async function newCorrection(req: Request, res: Response) {
    const document = await loadDocument(req, res);
    await renderForm(res, 200, { mode: 'replace', document, values: { ...formValues(document), edit_summary: '' } });
  }

  async function createCorrectionFromForm(req: Request, res: Response) {
    const document = await loadDocument(req, res);
    const input = await documentFromForm(req.body);
    if (!input.ok) return renderForm(res, 422, { mode: 'replace', document, values: req.body, errors: input.errors });
    const { edit_summary, ...fields } = input.value;
    const saved = await saveOnce(req, res, db, {
      check: `/documents/${document.id}`,
      create: (trx) => replaceDocument(trx, document.id, fields, authorship(res, edit_summary || `Corrects document ${document.id}`)),
      answer: ({ document: created, keptClaimIds }) => ({
        location: `/documents/${created.id}`,
        notice: keptClaimIds.length === 0
          ? 'Corrected text added; every claim now points into it.'
          : `Corrected text added. ${keptClaimIds.length} claim(s) quote words the new text no longer holds and still point into the old one.`,
      }),
    });
    if (saved.kind !== 'saved') return renderForm(res, 422, { mode: 'replace', document, values: req.body, errors: failureErrors(saved) });
    redirectWithNotice(req, res, saved.value.location, saved.value.notice);
  }

  /** The form as a document: pasted, or fetched from its web address and extracted. */
  async function documentFromForm(body: unknown): Promise<FormResult<DocumentInput & { edit_summary: string }>> {
    const parsed = parseNewDocument(body);
    if (!parsed.ok) return parsed;
    const form: NewDocumentForm = parsed.value;
    if (form.text !== null || form.url === null) return complete(form);
    const fetched = await fetchPage(form.url, { allow: fetchAllowHosts });
    if (!fetched.ok) return { ok: false, errors: { url: `The page could not be fetched (${fetched.failure.message}). Check the address, or paste the text instead.` } };
    const filled = fillFromPage(form, fetched.page, extractText(fetched.page.html, fetched.page.contentType));
    if (filled.text === null) return { ok: false, errors: { url: 'No readable text was found on that page: paste the text instead.' } };
    return complete(filled);
  }

  async function renderForm(res: Response, status: number, { document, merge, mode, ...form }: DocumentForm) {
    const [publishers, textLocked] = await Promise.all([
      listSourceOptions(db),
      mode === 'edit' && document ? isDocumentAnchored(db, document.id) : false,
    ]);
    const conflict = presentMerge(merge, { publisher_id: Object.fromEntries(publishers.map((p) => [String(p.id), p.name])) });
    const titles = { new: 'New document', edit: `Edit: ${document?.title}`, replace: `Corrected text of: ${document?.title}` };
    res.status(status).render('documents/form', {
      title: titles[mode], mode, publishers, languages: languageOptions(mode === 'edit' ? 'Choose…' : 'Choose… (or taken from the page)', form.values.language), textLocked,
      errors: {}, ...form, document, conflict,
    });
  }
}

/** A saved document as the edit form's fields. */
function formValues(document: DocumentInContext): Record<string, unknown> {
  return { ...document, full_text_public: document.full_text_public ? 'true' : undefined, published_on_precision: document.published_on_precision ?? 'day' };
}
