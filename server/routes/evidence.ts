import { Request, Response, Router } from 'express';
import type { Logger } from 'pino';
import type { Db } from '../../db/knex';
import { ClaimInContext, findClaim } from '../../db/claims';
import { createEvidence, deleteEvidence, Evidence, findEvidence, updateEvidence } from '../../db/evidence';
import { found } from '../errors';
import { evidenceMerge, parseEditEvidence, parseNewEvidence } from '../forms/evidence';
import { requireEditor } from '../http/auth';
import { redirectWithNotice } from '../http/notices';
import { saveOnce } from '../http/once';
import { idParam } from '../http/params';
import { authorship, deleteFromForm, failureErrors } from '../http/saving';
import { FormState, presentMerge, saveEditForm } from '../http/versioned-save';

interface EvidenceForm extends FormState {
  /** The item being edited; none for a new one. */
  evidence?: Evidence;
}

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
    await saveEditForm(req, res, db, {
      spec: evidenceMerge, id: evidence.id, parse: parseEditEvidence,
      save: ({ version: _loaded, edit_summary, ...input }, version) => updateEvidence(db, evidence.id, version, input, authorship(res, edit_summary)),
      current: () => findEvidence(db, evidence.id),
    }, {
      reshow: ({ status, values, errors, merge, current }) => renderForm(res, status, claim, { evidence: current ?? evidence, values, errors, merge }),
      saved: { location: `/claims/${claim.id}#evidence-${evidence.id}`, notice: 'Evidence saved.' },
    });
  }

  async function deleteEvidenceFromForm(req: Request, res: Response) {
    const { evidence, claim } = await loadEvidence(req);
    await deleteFromForm(req, res, {
      noun: 'evidence', back: `/evidence/${evidence.id}/edit`,
      done: { location: `/claims/${claim.id}`, notice: `Evidence [${evidence.number}] deleted. Its history can restore it.` },
      remove: (version, by) => deleteEvidence(db, evidence.id, version, by),
    });
  }

  function renderForm(res: Response, status: number, claim: ClaimInContext, { evidence, merge, ...form }: EvidenceForm) {
    const title = evidence ? 'Edit evidence' : 'Add evidence';
    res.status(status).render('evidence/form', { title, claim, errors: {}, ...form, evidence, conflict: presentMerge(merge) });
  }
}
