import { Request, Response, Router } from 'express';
import type { Logger } from 'pino';
import type { Db } from '../../db/knex';
import { changeClaimStatus, ClaimInContext, findClaim } from '../../db/claims';
import { found } from '../errors';
import { parseStatus } from '../forms/status';
import { requireEditor } from '../http/auth';
import { attemptSave, authorship, redirectWithNotice } from '../http/forms';
import { idParam } from '../http/params';

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
    const parsed = parseStatus(req.body);
    if (!parsed.ok) return renderForm(res, 422, claim, { values: req.body, errors: parsed.errors });
    const { version, ...input } = parsed.value;
    const saved = await attemptSave(() => changeClaimStatus(db, claim, version, input, authorship(res, `Status: ${input.status}`)));
    if (saved.kind === 'conflict') {
      const current = await loadClaim(req);
      return renderForm(res, 409, current, { values: { ...req.body, version: current.version }, conflict: current });
    }
    if (saved.kind === 'invalid') return renderForm(res, 422, claim, { values: req.body, errors: saved.errors });
    redirectWithNotice(req, res, `/claims/${claim.id}`, 'Status changed.');
  }

  function renderForm(res: Response, status: number, claim: ClaimInContext, locals: Record<string, unknown>) {
    res.status(status).render('claims/status', { title: 'Change verification status', claim, errors: {}, conflict: undefined, ...locals });
  }
}
