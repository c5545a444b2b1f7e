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
import { parseDelete } from '../forms/revert';
import { requireEditor } from '../http/auth';
import { attemptSave, authorship, failureErrors, redirectWithNotice } from '../http/forms';
import { saveOnce } from '../http/once';
import { idParam, slugParam } from '../http/params';
import { MergeState, presentMerge, savedNotice, saveVersioned } from '../http/versioned-save';
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
    const outcome = await saveVersioned(db, {
      spec: claimMerge, id: claim.id, body: req.body, parse: parseEditClaim,
      save: ({ version: _loaded, edit_summary, ...input }, version) => updateClaim(db, claim.id, version, input, authorship(res, edit_summary)),
      current: () => findClaim(db, claim.id, true),
    });
    if (outcome.kind === 'form') {
      const { status, values, errors, merge, current } = outcome;
      return renderForm(res, status, dispute, { claim: current ?? claim, values, errors, merge });
    }
    redirectWithNotice(req, res, `/claims/${claim.id}`, savedNotice(outcome, 'Claim saved.'));
  }

  async function deleteClaimFromForm(req: Request, res: Response) {
    const claim = await loadClaim(req, res);
    const parsed = parseDelete(req.body);
    if (!parsed.ok) return redirectWithNotice(req, res, `/claims/${claim.id}/edit`, 'Reload the page and try again.');
    const saved = await attemptSave(() => deleteClaim(db, claim, parsed.value.version, authorship(res, parsed.value.edit_summary || 'Deleted')));
    if (saved.kind !== 'saved') return redirectWithNotice(req, res, `/claims/${claim.id}/edit`, 'The claim changed meanwhile and was not deleted; review it and try again.');
    redirectWithNotice(req, res, `/disputes/${claim.dispute_slug}`, 'Claim deleted. Its history keeps every version and can restore it.');
  }

  async function renderForm(res: Response, status: number, dispute: Dispute, locals: Record<string, unknown>) {
    const [positions, sources] = await Promise.all([listPositions(db, dispute.id), listSourceOptions(db)]);
    const editing = locals.claim !== undefined;
    const conflict = presentMerge(locals.merge as MergeState | undefined, {
      position_id: Object.fromEntries(positions.map((p) => [String(p.id), p.label])),
      source_id: Object.fromEntries(sources.map((s) => [String(s.id), s.name])),
    });
    res.status(status).render('claims/form', {
      title: editing ? 'Edit claim' : `New claim: ${dispute.title}`,
      dispute, positions, sources, errors: {}, claim: undefined, ...locals, conflict,
    });
  }
}

/** A saved claim as the edit form's fields. */
function formValues(claim: ClaimInContext): Record<string, unknown> {
  return { ...claim, wording: claim.is_verbatim ? 'verbatim' : 'paraphrase' };
}


