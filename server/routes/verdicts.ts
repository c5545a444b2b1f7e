import { Request, Response, Router } from 'express';
import type { Logger } from 'pino';
import type { Db } from '../../db/knex';
import { changeClaimStatus, ClaimInContext, findClaim } from '../../db/claims';
import { found } from '../errors';
import { parseStatus, statusMerge } from '../forms/status';
import { requireEditor } from '../http/auth';
import { idParam } from '../http/params';
import { authorship } from '../http/saving';
import { FormState, presentMerge, saveEditForm } from '../http/versioned-save';

/** Verification decisions: the status form of a claim. */
export function verdictsRouter(db: Db, logger: Logger): Router {
  const router = Router();
  const editorOnly = requireEditor(logger);
  router.get('/claims/:id/status', editorOnly, editStatus);
  router.post('/claims/:id/status', editorOnly, changeStatusFromForm);
  return router;

  async function loadClaim(req: Request): Promise<ClaimInContext> {
    return found(await findClaim(db, idParam(req.params.id), true));
  }

  async function editStatus(req: Request, res: Response) {
    const claim = await loadClaim(req);
    renderForm(res, 200, claim, { values: { status: claim.status, evidence_strength: claim.evidence_strength, version: claim.version } });
  }

  async function changeStatusFromForm(req: Request, res: Response) {
    const claim = await loadClaim(req);
    await saveEditForm(req, res, db, {
      spec: statusMerge, id: claim.id, parse: parseStatus,
      save: ({ version: _loaded, ...input }, version) => changeClaimStatus(db, claim, version, input, authorship(res, `Status: ${input.status}`)),
      current: () => findClaim(db, claim.id, true),
    }, {
      reshow: ({ status, values, errors, merge, current }) => renderForm(res, status, current ?? claim, { values, errors, merge }),
      saved: { location: `/claims/${claim.id}`, notice: 'Status changed.' },
    });
  }

  function renderForm(res: Response, status: number, claim: ClaimInContext, { merge, ...form }: FormState) {
    res.status(status).render('claims/status', { title: 'Change verification status', claim, errors: {}, ...form, conflict: presentMerge(merge) });
  }
}
