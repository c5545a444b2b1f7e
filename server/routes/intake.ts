import { Request, Response, Router } from 'express';
import type { Logger } from 'pino';
import { DocumentInContext, findDocument } from '../../db/documents';
import { findDisputeWithPositions, listDisputeOptions } from '../../db/disputes';
import { saveIntake } from '../../db/intake';
import type { Db } from '../../db/knex';
import { listSourcesWithNames } from '../../db/sources';
import { found } from '../errors';
import type { FieldErrors } from '../forms/fields';
import { parseIntake, toIntakePlan } from '../forms/intake';
import { requireEditor } from '../http/auth';
import { redirectWithNotice } from '../http/notices';
import { saveOnce } from '../http/once';
import { idParam, slugParam } from '../http/params';
import { authorship, failureErrors } from '../http/saving';
import { proposeCandidates } from '../lib/intake';
import { ChosenDispute, claimRows, intakeDefaults, presentIntake, ROWS_PER_PAGE } from '../pages/intake';

const STALE_TEXT = 'The document’s text changed after this page was loaded, so its candidates may have moved. Nothing was saved: reload the page.';

/** "New claims from a document": the candidates proposed from its text, kept and saved in one go. */
export function intakeRouter(db: Db, logger: Logger): Router {
  const router = Router();
  const editorOnly = requireEditor(logger);
  router.get('/documents/:id/claims/new', editorOnly, showIntake);
  router.post('/documents/:id/claims', editorOnly, saveIntakeFromForm);
  return router;

  async function loadDocument(req: Request): Promise<DocumentInContext> {
    return found(await findDocument(db, idParam(req.params.id)));
  }

  // An existing dispute comes from ?dispute=<slug> on the page, then from the form's dispute_id.
  async function chosenDispute(req: Request): Promise<ChosenDispute | undefined> {
    const id = typeof req.body?.dispute_id === 'string' && /^[1-9]\d{0,9}$/.test(req.body.dispute_id) ? Number(req.body.dispute_id) : undefined;
    if (id) return findDisputeWithPositions(db, { id });
    if (req.method === 'GET' && typeof req.query.dispute === 'string' && req.query.dispute !== '') return found(await findDisputeWithPositions(db, { slug: slugParam(req.query.dispute) }));
    return undefined;
  }

  async function showIntake(req: Request, res: Response) {
    const document = await loadDocument(req);
    const rows = claimRows(proposeCandidates(document.text, { language: document.language }));
    const [sources, dispute] = await Promise.all([listSourcesWithNames(db), chosenDispute(req)]);
    await render(req, res, 200, document, rows, dispute, intakeDefaults(document, rows, sources), {});
  }

  async function saveIntakeFromForm(req: Request, res: Response) {
    const document = await loadDocument(req);
    const rows = claimRows(proposeCandidates(document.text, { language: document.language }));
    const dispute = await chosenDispute(req);
    if (req.body.text_sha256 !== document.text_sha256) return render(req, res, 422, document, rows, dispute, req.body, { form: STALE_TEXT });
    const parsed = parseIntake(req.body, { documentText: document.text, rows, positionIds: dispute?.positions.map((p) => p.id) });
    if (!parsed.ok) return render(req, res, 422, document, rows, dispute, req.body, parsed.errors);
    const plan = toIntakePlan(parsed.value, document);
    const saved = await saveOnce(req, res, db, {
      check: `/documents/${document.id}`,
      create: (trx) => saveIntake(trx, plan, authorship(res, parsed.value.edit_summary || `Taken from the document “${document.title}”`)),
      answer: ({ disputeSlug, claimIds }) => ({ location: `/disputes/${disputeSlug}`, notice: `${claimIds.length} ${claimIds.length === 1 ? 'claim' : 'claims'} recorded from “${document.title}”.` }),
    });
    if (saved.kind !== 'saved') return render(req, res, 422, document, rows, dispute, req.body, failureErrors(saved));
    redirectWithNotice(req, res, saved.value.location, saved.value.notice);
  }

  async function render(req: Request, res: Response, status: number, document: DocumentInContext, rows: ReturnType<typeof claimRows>, dispute: ChosenDispute | undefined, values: Record<string, unknown>, errors: FieldErrors) {
    const [sources, disputes] = await Promise.all([listSourcesWithNames(db), listDisputeOptions(db)]);
    const from = fromParam(req.query.from, rows.length);
    const page = presentIntake({ document, rows, from, sources, dispute, disputes, values, errors });
    res.status(status).render('intake/form', { title: `New claims from: ${document.title}`, page, from, errors });
  }
}

/** ?from=N: the first candidate this page shows, a multiple of the page size within the list. */
function fromParam(raw: unknown, total: number): number {
  const n = typeof raw === 'string' && /^\d{1,5}$/.test(raw) ? Number(raw) : 0;
  return n < total && n % ROWS_PER_PAGE === 0 ? n : 0;
}
