import { Request, Response, Router } from 'express';
import type { Logger } from 'pino';
import type { Db } from '../../db/knex';
import { ClaimInContext, createClaim, deleteClaim, findClaim, updateClaim } from '../../db/claims';
import { Dispute, findDisputeBySlug, listPositions } from '../../db/disputes';
import { listEvidenceOfClaims } from '../../db/evidence';
import { listLinksOfClaim } from '../../db/links';
import { listSourceOptions } from '../../db/sources';
import { listStatusChanges } from '../../db/status-changes';
import { found } from '../errors';
import { claimMerge, parseAsOf, parseEditClaim, parseNewClaim } from '../forms/claim';
import { statusAsOf } from '../presentation/statuses';
import { requireEditor } from '../http/auth';
import { redirectWithNotice } from '../http/notices';
import { saveOnce } from '../http/once';
import { idParam, slugParam } from '../http/params';
import { authorship, deleteFromForm, failureErrors } from '../http/saving';
import { FormState, presentMerge, saveEditForm } from '../http/versioned-save';

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
    const [links, statusChanges, evidence] = await Promise.all([
      listLinksOfClaim(db, claim.id, Boolean(res.locals.editor)),
      listStatusChanges(db, claim.id),
      listEvidenceOfClaims(db, [claim.id]),
    ]);
    const page = { claim, links, statusChanges, evidence, asOf: asOf.ok ? { day: asOf.value.as_of } : { error: asOf.errors.as_of } };
    res.status(asOf.ok ? 200 : 400).render('claims/show', presentClaimPage(page, publisher));
  }

  async function newClaim(req: Request, res: Response) {
    const dispute = await loadDispute(req);
    await renderForm(res, 200, dispute, { values: { status: 'unverified', said_on_precision: 'day', position_id: req.query.position } });
  }

  async function createClaimFromForm(req: Request, res: Response) {
    const dispute = await loadDispute(req);
    const parsed = parseNewClaim(req.body);
    if (!parsed.ok) return renderForm(res, 422, dispute, { values: req.body, errors: parsed.errors });
    const { edit_summary, ...input } = parsed.value;
    const saved = await saveOnce(req, res, db, {
      check: `/disputes/${dispute.slug}`,
      create: (trx) => createClaim(trx, dispute.id, input, authorship(res, edit_summary || 'Created')),
      answer: (claim) => ({ location: `/disputes/${dispute.slug}#claim-${claim.id}`, notice: 'Claim recorded.' }),
    });
    if (saved.kind !== 'saved') return renderForm(res, 422, dispute, { values: req.body, errors: failureErrors(saved) });
    redirectWithNotice(req, res, saved.value.location, saved.value.notice);
  }

  async function editClaim(req: Request, res: Response) {
    const claim = await loadClaim(req, res);
    const dispute = found(await findDisputeBySlug(db, claim.dispute_slug, true));
    await renderForm(res, 200, dispute, { claim, values: formValues(claim) });
  }

  async function updateClaimFromForm(req: Request, res: Response) {
    const claim = await loadClaim(req, res);
    const dispute = found(await findDisputeBySlug(db, claim.dispute_slug, true));
    await saveEditForm(req, res, db, {
      spec: claimMerge, id: claim.id, parse: parseEditClaim,
      save: ({ version: _loaded, edit_summary, ...input }, version) => updateClaim(db, claim.id, version, input, authorship(res, edit_summary)),
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

  async function renderForm(res: Response, status: number, dispute: Dispute, { claim, merge, ...form }: ClaimForm) {
    const [positions, sources] = await Promise.all([listPositions(db, dispute.id), listSourceOptions(db)]);
    const conflict = presentMerge(merge, {
      position_id: Object.fromEntries(positions.map((p) => [String(p.id), p.label])),
      source_id: Object.fromEntries(sources.map((s) => [String(s.id), s.name])),
    });
    res.status(status).render('claims/form', {
      title: claim ? 'Edit claim' : `New claim: ${dispute.title}`,
      dispute, positions, sources, errors: {}, ...form, claim, conflict,
    });
  }
}

/** A saved claim as the edit form's fields. */
function formValues(claim: ClaimInContext): Record<string, unknown> {
  return { ...claim, wording: claim.is_verbatim ? 'verbatim' : 'paraphrase' };
}


