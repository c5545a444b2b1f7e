import { Request, Response, Router } from 'express';
import type { Logger } from 'pino';
import type { Db } from '../../db/knex';
import { ClaimInContext, findClaim } from '../../db/claims';
import { createEvidence, deleteEvidence, Evidence, findEvidence, updateEvidence } from '../../db/evidence';
import { found } from '../errors';
import { evidenceMerge, parseEditEvidence, parseNewEvidence } from '../forms/evidence';
import { parseDelete } from '../forms/revert';
import { requireEditor } from '../http/auth';
import { redirectWithNotice } from '../http/notices';
import { attemptSave, authorship, failureErrors } from '../http/saving';
import { saveOnce } from '../http/once';
import { idParam } from '../http/params';
import { presentMerge, savedNotice, saveVersioned } from '../http/versioned-save';

/** Evidence items attached to claims. */
export function evidenceRouter(db: Db, logger: Logger): Router {
  const router = Router();
  const editorOnly = requireEditor(logger);
  router.get('/claims/:id/evidence/new', editorOnly, newEvidence);
  router.post('/claims/:id/evidence', editorOnly, createEvidenceFromForm);
  router.get('/evidence/:id/edit', editorOnly, editEvidence);
  router.post('/evidence/:id/edit', editorOnly, updateEvidenceFromForm);
  router.post('/evidence/:id/delete', editorOnly, deleteEvidenceFromForm);
  return router;

  async function loadClaim(id: number): Promise<ClaimInContext> {
    return found(await findClaim(db, id, true));
  }

  async function loadEvidence(req: Request): Promise<{ evidence: Evidence; claim: ClaimInContext }> {
    const evidence = found(await findEvidence(db, idParam(req.params.id)));
    return { evidence, claim: await loadClaim(evidence.claim_id) };
  }

  async function newEvidence(req: Request, res: Response) {
    renderForm(res, 200, await loadClaim(idParam(req.params.id)), { values: { bearing: 'supports', kind: 'independent_report' } });
  }

  async function createEvidenceFromForm(req: Request, res: Response) {
    const claim = await loadClaim(idParam(req.params.id));
    const parsed = parseNewEvidence(req.body);
    if (!parsed.ok) return renderForm(res, 422, claim, { values: req.body, errors: parsed.errors });
    const { edit_summary, ...input } = parsed.value;
    const saved = await saveOnce(req, res, db, {
      check: `/claims/${claim.id}`,
      create: (trx) => createEvidence(trx, claim.id, input, authorship(res, edit_summary || 'Evidence added')),
      answer: (evidence) => ({ location: `/claims/${claim.id}#evidence-${evidence.id}`, notice: `Evidence [${evidence.number}] added.` }),
    });
    if (saved.kind !== 'saved') return renderForm(res, 422, claim, { values: req.body, errors: failureErrors(saved) });
    redirectWithNotice(req, res, saved.value.location, saved.value.notice);
  }

  async function editEvidence(req: Request, res: Response) {
    const { evidence, claim } = await loadEvidence(req);
    renderForm(res, 200, claim, { evidence, values: { ...evidence } });
  }

  async function updateEvidenceFromForm(req: Request, res: Response) {
    const { evidence, claim } = await loadEvidence(req);
    const outcome = await saveVersioned(db, {
      spec: evidenceMerge, id: evidence.id, body: req.body, parse: parseEditEvidence,
      save: ({ version: _loaded, edit_summary, ...input }, version) => updateEvidence(db, evidence.id, version, input, authorship(res, edit_summary)),
      current: () => findEvidence(db, evidence.id),
    });
    if (outcome.kind === 'form') {
      const { status, values, errors, merge, current } = outcome;
      return renderForm(res, status, claim, { evidence: current ?? evidence, values, errors, conflict: presentMerge(merge) });
    }
    redirectWithNotice(req, res, `/claims/${claim.id}#evidence-${evidence.id}`, savedNotice(outcome, 'Evidence saved.'));
  }

  async function deleteEvidenceFromForm(req: Request, res: Response) {
    const { evidence, claim } = await loadEvidence(req);
    const parsed = parseDelete(req.body);
    const back = `/evidence/${evidence.id}/edit`;
    if (!parsed.ok) return redirectWithNotice(req, res, back, 'Reload the page and try again.');
    const saved = await attemptSave(() => deleteEvidence(db, evidence.id, parsed.value.version, authorship(res, parsed.value.edit_summary || 'Deleted')));
    if (saved.kind !== 'saved') return redirectWithNotice(req, res, back, 'The evidence changed meanwhile and was not deleted; review it and try again.');
    redirectWithNotice(req, res, `/claims/${claim.id}`, `Evidence [${evidence.number}] deleted. Its history can restore it.`);
  }

  function renderForm(res: Response, status: number, claim: ClaimInContext, locals: Record<string, unknown>) {
    res.status(status).render('evidence/form', { title: locals.evidence ? 'Edit evidence' : 'Add evidence', claim, evidence: undefined, errors: {}, conflict: undefined, ...locals });
  }
}
