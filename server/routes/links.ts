import { Request, Response, Router } from 'express';
import type { Logger } from 'pino';
import type { Db } from '../../db/knex';
import { ClaimInContext, findClaim, listClaimsOfDispute } from '../../db/claims';
import { createLink, findLink, removeLink } from '../../db/links';
import { found } from '../errors';
import { parseLink } from '../forms/link';
import { requireEditor } from '../http/auth';
import { redirectWithNotice } from '../http/notices';
import { saveOnce } from '../http/once';
import { idParam } from '../http/params';
import { authorship, deleteFromForm, failureErrors } from '../http/saving';
import type { FormState } from '../http/versioned-save';

/** Links between claims: how an editor says "this is the counterclaim to that". */
export function linksRouter(db: Db, logger: Logger): Router {
  const router = Router();
  const editorOnly = requireEditor(logger);
  router.get('/claims/:id/links/new', editorOnly, newLink);
  router.post('/claims/:id/links', editorOnly, createLinkFromForm);
  router.post('/links/:id/remove', editorOnly, removeLinkFromForm);
  return router;

  async function loadClaim(req: Request): Promise<ClaimInContext> {
    return found(await findClaim(db, idParam(req.params.id), true));
  }

  async function newLink(req: Request, res: Response) {
    const claim = await loadClaim(req);
    await renderForm(res, 200, claim, { values: { type: 'contradicts', to_claim_id: req.query.to } });
  }

  async function createLinkFromForm(req: Request, res: Response) {
    const claim = await loadClaim(req);
    const parsed = parseLink(req.body);
    if (!parsed.ok) return renderForm(res, 422, claim, { values: req.body, errors: parsed.errors });
    const { edit_summary, ...input } = parsed.value;
    const target = await findClaim(db, input.to_claim_id, true);
    if (!target) return renderForm(res, 422, claim, { values: req.body, errors: { to_claim_id: 'Choose an existing claim.' } });
    // A link shows on both claims' pages: one into an unpublished dispute would show its draft to readers.
    if (target.dispute_state !== 'published' && target.dispute_id !== claim.dispute_id) {
      return renderForm(res, 422, claim, { values: req.body, errors: { to_claim_id: 'That claim belongs to a dispute that is not published yet: link to it once its dispute is published.' } });
    }
    const link = { ...input, from_claim_id: claim.id };
    const saved = await saveOnce(req, res, db, {
      check: `/claims/${claim.id}`,
      create: (trx) => createLink(trx, link, authorship(res, edit_summary || `Linked: ${input.type}`)),
      answer: () => ({ location: `/claims/${claim.id}`, notice: 'Link saved.' }),
    });
    if (saved.kind !== 'saved') return renderForm(res, 422, claim, { values: req.body, errors: failureErrors(saved) });
    redirectWithNotice(req, res, saved.value.location, saved.value.notice);
  }

  async function removeLinkFromForm(req: Request, res: Response) {
    const link = found(await findLink(db, idParam(req.params.id)));
    const back = `/claims/${link.from_claim_id}`;
    await deleteFromForm(req, res, {
      noun: 'link', verb: 'removed', back, summary: 'Link removed',
      done: { location: back, notice: 'Link removed.' },
      remove: (version, by) => removeLink(db, link, version, by),
    });
  }

  async function renderForm(res: Response, status: number, claim: ClaimInContext, locals: Omit<FormState, 'merge'>) {
    const candidates = (await listClaimsOfDispute(db, claim.dispute_id)).filter((c) => c.id !== claim.id);
    res.status(status).render('links/form', { title: 'Link claims', claim, candidates, errors: {}, ...locals });
  }
}
