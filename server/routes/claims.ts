import { Request, Response, Router } from 'express';
import type { Logger } from 'pino';
import type { Db } from '../../db/knex';
import { ClaimInContext, createClaim, deleteClaim, findClaim, updateClaim } from '../../db/claims';
import { Dispute, findDisputeBySlug, listPositions } from '../../db/disputes';
import { AnchorInput, ClaimAnchor, createAnchor, findAnchorOfClaim, updateAnchor } from '../../db/anchors';
import { findDocument, listDocuments } from '../../db/documents';
import { listEvidenceOfClaims } from '../../db/evidence';
import { listLinksOfClaim } from '../../db/links';
import { listSourceOptions } from '../../db/sources';
import { listStatusChanges } from '../../db/status-changes';
import { found } from '../errors';
import { claimMerge, parseAsOf, parseEditClaim, parseNewClaim } from '../forms/claim';
import { anchorInDocument, parseAnchorFields } from '../forms/claim-anchor';
import type { FieldErrors } from '../forms/fields';
import type { Authorship } from '../../db/revisions';
import { statusAsOf } from '../presentation/statuses';
import { requireEditor } from '../http/auth';
import { redirectWithNotice } from '../http/notices';
import { saveOnce } from '../http/once';
import { idParam, slugParam } from '../http/params';
import { authorship, deleteFromForm, failureErrors } from '../http/saving';
import { FormState, presentMerge, saveEditForm } from '../http/versioned-save';

// The newest documents offered in the claim form's list.
const DOCUMENT_CHOICES = 200;

interface ClaimForm extends FormState {
  /** The claim being edited; none for a new one. */
  claim?: ClaimInContext;
}
import { presentClaimPage } from '../pages/claim';
import type { Publisher } from '../presentation/claim-review';

export function claimsRouter(db: Db, logger: Logger, publisher: Publisher): Router {
  const router = Router();
  const editorOnly = requireEditor(logger);
  router.get('/disputes/:slug/claims/new', editorOnly, newClaim);
  router.post('/disputes/:slug/claims', editorOnly, createClaimFromForm);
  router.get('/claims/:id', showClaim);
  router.get('/claims/:id/edit', editorOnly, editClaim);
  router.post('/claims/:id/edit', editorOnly, updateClaimFromForm);
  router.post('/claims/:id/delete', editorOnly, deleteClaimFromForm);
  return router;

  function loadClaim(req: Request, res: Response): Promise<ClaimInContext> {
    return findClaim(db, idParam(req.params.id), Boolean(res.locals.editor)).then(found);
  }

  async function loadDispute(req: Request): Promise<Dispute> {
    return found(await findDisputeBySlug(db, slugParam(req.params.slug), true));
  }

  async function showClaim(req: Request, res: Response) {
    const claim = await loadClaim(req, res);
    const asOf = parseAsOf(req.query);
    const [links, statusChanges, evidence, anchor] = await Promise.all([
      listLinksOfClaim(db, claim.id, Boolean(res.locals.editor)),
      listStatusChanges(db, claim.id),
      listEvidenceOfClaims(db, [claim.id]),
      findAnchorOfClaim(db, claim.id),
    ]);
    const page = { claim, anchor, links, statusChanges, evidence, asOf: asOf.ok ? { day: asOf.value.as_of } : { error: asOf.errors.as_of } };
    res.status(asOf.ok ? 200 : 400).render('claims/show', presentClaimPage(page, publisher));
  }

  async function newClaim(req: Request, res: Response) {
    const dispute = await loadDispute(req);
    await renderForm(res, 200, dispute, { values: { status: 'unverified', said_on_precision: 'day', position_id: req.query.position } });
  }

  async function createClaimFromForm(req: Request, res: Response) {
    const dispute = await loadDispute(req);
    const parsed = parseNewClaim(req.body);
    const anchor = anchorFromForm(req.body, parsed.ok ? parsed.value : undefined, await chosenDocumentText(req.body));
    if (!parsed.ok || !anchor.ok) return renderForm(res, 422, dispute, { values: req.body, errors: { ...(parsed.ok ? {} : parsed.errors), ...(anchor.ok ? {} : anchor.errors) } });
    const { edit_summary, ...input } = parsed.value;
    const saved = await saveOnce(req, res, db, {
      check: `/disputes/${dispute.slug}`,
      create: async (trx) => {
        const by = authorship(res, edit_summary || 'Created');
        const claim = await createClaim(trx, dispute.id, input, by);
        if (anchor.value) await createAnchor(trx, claim.id, anchor.value, by);
        return claim;
      },
      answer: (claim) => ({ location: `/disputes/${dispute.slug}#claim-${claim.id}`, notice: 'Claim recorded.' }),
    });
    if (saved.kind !== 'saved') return renderForm(res, 422, dispute, { values: req.body, errors: failureErrors(saved) });
    redirectWithNotice(req, res, saved.value.location, saved.value.notice);
  }

  async function editClaim(req: Request, res: Response) {
    const claim = await loadClaim(req, res);
    const dispute = found(await findDisputeBySlug(db, claim.dispute_slug, true));
    const anchor = await findAnchorOfClaim(db, claim.id);
    await renderForm(res, 200, dispute, { claim, values: { ...formValues(claim), document_id: anchor?.document_id, passage: anchor?.exact } });
  }

  async function updateClaimFromForm(req: Request, res: Response) {
    const claim = await loadClaim(req, res);
    const dispute = found(await findDisputeBySlug(db, claim.dispute_slug, true));
    const [current, documentText] = await Promise.all([findAnchorOfClaim(db, claim.id), chosenDocumentText(req.body)]);
    await saveEditForm(req, res, db, {
      spec: claimMerge, id: claim.id, parse: (body) => parseWithAnchor(body, documentText, current),
      save: ({ version: _loaded, edit_summary, anchor, ...input }, version) => db.transaction(async (trx) => {
        const by = authorship(res, edit_summary);
        await updateClaim(trx, claim.id, version, input, by);
        await saveAnchor(trx, claim.id, current, anchor, by);
      }),
      current: () => findClaim(db, claim.id, true),
    }, {
      reshow: ({ status, values, errors, merge, current }) => renderForm(res, status, dispute, { claim: current ?? claim, values, errors, merge }),
      saved: { location: `/claims/${claim.id}`, notice: 'Claim saved.' },
    });
  }

  async function deleteClaimFromForm(req: Request, res: Response) {
    const claim = await loadClaim(req, res);
    await deleteFromForm(req, res, {
      noun: 'claim', back: `/claims/${claim.id}/edit`,
      done: { location: `/disputes/${claim.dispute_slug}`, notice: 'Claim deleted. Its history keeps every version and can restore it.' },
      remove: (version, by) => deleteClaim(db, claim, version, by),
    });
  }

  /** The document the form chose to anchor the claim in, read before parsing (parsers do not query). */
  async function chosenDocumentText(body: Record<string, unknown>): Promise<string | undefined> {
    const fields = parseAnchorFields(body);
    if (!fields.ok || fields.value.document_id === null) return undefined;
    return (await findDocument(db, fields.value.document_id))?.text;
  }

  // The edit form parses its anchor with the claim, so a refused passage comes back like any field.
  function parseWithAnchor(body: unknown, documentText: string | undefined, current: ClaimAnchor | undefined) {
    const parsed = parseEditClaim(body);
    const anchor = anchorFromForm(body, parsed.ok ? parsed.value : undefined, documentText);
    const errors = { ...(parsed.ok ? {} : parsed.errors), ...(anchor.ok ? {} : anchor.errors) };
    if (anchor.ok && !anchor.value && current && !errors.document_id) errors.document_id = 'A claim taken from a document stays anchored to it: choose its passage again rather than no document.';
    if (!parsed.ok || !anchor.ok || Object.keys(errors).length > 0) return { ok: false as const, errors };
    return { ok: true as const, value: { ...parsed.value, anchor: anchor.value } };
  }

  async function renderForm(res: Response, status: number, dispute: Dispute, { claim, merge, ...form }: ClaimForm) {
    const [positions, sources, documents] = await Promise.all([listPositions(db, dispute.id), listSourceOptions(db), listDocuments(db, 1, DOCUMENT_CHOICES)]);
    const conflict = presentMerge(merge, {
      position_id: Object.fromEntries(positions.map((p) => [String(p.id), p.label])),
      source_id: Object.fromEntries(sources.map((s) => [String(s.id), s.name])),
    });
    res.status(status).render('claims/form', {
      title: claim ? 'Edit claim' : `New claim: ${dispute.title}`,
      dispute, positions, sources, documents: documents.slice(0, DOCUMENT_CHOICES), errors: {}, ...form, claim, conflict,
    });
  }
}

/** The anchor the form asks for, checked against the chosen document's words; no value when none is asked for. */
function anchorFromForm(body: unknown, claim: { text: string; is_verbatim: boolean; original_text: string | null } | undefined, documentText: string | undefined):
  { ok: true; value: AnchorInput | undefined } | { ok: false; errors: FieldErrors } {
  const fields = parseAnchorFields(body);
  if (!fields.ok) return fields;
  const { document_id } = fields.value;
  if (document_id === null) return { ok: true, value: undefined };
  if (documentText === undefined) return { ok: false, errors: { document_id: 'Choose a document from the list.' } };
  if (!claim) return { ok: true, value: undefined };
  return anchorInDocument(claim, { ...fields.value, document_id }, documentText);
}

/** Moves the anchor only when the passage changed: an unchanged one needs no new revision. */
async function saveAnchor(trx: Db, claimId: number, current: ClaimAnchor | undefined, wanted: AnchorInput | undefined, by: Authorship): Promise<void> {
  if (!wanted) return;
  if (!current) {
    await createAnchor(trx, claimId, wanted, by);
    return;
  }
  const same = current.document_id === wanted.document_id && current.start_offset === wanted.start_offset
    && current.end_offset === wanted.end_offset && current.is_translation === wanted.is_translation;
  if (!same) await updateAnchor(trx, current.id, current.version, wanted, by);
}

/** A saved claim as the edit form's fields. */
function formValues(claim: ClaimInContext): Record<string, unknown> {
  return { ...claim, wording: claim.is_verbatim ? 'verbatim' : 'paraphrase' };
}


