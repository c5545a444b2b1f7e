import { Request, Response, Router } from 'express';
import type { Logger } from 'pino';
import type { Db } from '../../db/knex';
import { changeClaimStatus, ClaimInContext, findClaim } from '../../db/claims';
import { found } from '../errors';
import { parseStatus, statusMerge } from '../forms/status';
import { requireEditor } from '../http/auth';
import { redirectWithNotice } from '../http/notices';
import { authorship } from '../http/saving';
import { idParam } from '../http/params';
import { presentMerge, savedNotice, saveVersioned } from '../http/versioned-save';

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
    const outcome = await saveVersioned(db, {
      spec: statusMerge, id: claim.id, body: req.body, parse: parseStatus,
      save: ({ version: _loaded, ...input }, version) => changeClaimStatus(db, claim, version, input, authorship(res, `Status: ${input.status}`)),
      current: () => findClaim(db, claim.id, true),
    });
    if (outcome.kind === 'form') {
      const { status, values, errors, merge, current } = outcome;
      return renderForm(res, status, current ?? claim, { values, errors, conflict: presentMerge(merge) });
    }
    redirectWithNotice(req, res, `/claims/${claim.id}`, savedNotice(outcome, 'Status changed.'));
  }

  function renderForm(res: Response, status: number, claim: ClaimInContext, locals: Record<string, unknown>) {
    res.status(status).render('claims/status', { title: 'Change verification status', claim, errors: {}, conflict: undefined, ...locals });
  }
}
