import { Request, Response, Router } from 'express';
import type { Db } from '../../db/knex';
import { findClaim, listPublishedClaimsAfter } from '../../db/claims';
import { findDisputePage } from '../../db/dispute-pages';
import { listPublishedDisputesAfter } from '../../db/disputes';
import { listLinksOfClaim } from '../../db/links';
import { findSourceBySlug, listSourcesAfter } from '../../db/sources';
import { listStatusChanges } from '../../db/status-changes';
import { found, HttpError } from '../errors';
import { apiClaim, apiDispute, apiLink, apiLinkFromClaim, apiSource, apiStatusChange } from '../presentation/api';
import { idParam, slugParam } from '../http/params';

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 200;

/** The read-only JSON API: published data only, keyset pagination by id (?after=ID&limit=N). */
export function apiRouter(db: Db, publicUrl: string): Router {
  const router = Router();
  router.get('/api', (_req, res) => res.render('api', { title: 'Open data: API, feeds and exports' }));
  router.get('/api/v1', index);
  router.get('/api/v1/disputes', listDisputes);
  router.get('/api/v1/disputes/:slug', showDispute);
  router.get('/api/v1/claims', listClaims);
  router.get('/api/v1/claims/:id', showClaim);
  router.get('/api/v1/sources', listSourcesPage);
  router.get('/api/v1/sources/:slug', showSource);
  return router;

  function index(_req: Request, res: Response) {
    res.json({
      disputes: `${publicUrl}/api/v1/disputes`, claims: `${publicUrl}/api/v1/claims`, sources: `${publicUrl}/api/v1/sources`,
      documentation: `${publicUrl}/api`,
    });
  }

  async function listDisputes(req: Request, res: Response) {
    const { after, limit } = pageOf(req);
    const rows = await listPublishedDisputesAfter(db, after, limit + 1);
    sendPage(req, res, rows.slice(0, limit).map((d) => apiDispute(d, publicUrl)), rows.length > limit);
  }

  async function showDispute(req: Request, res: Response) {
    const { dispute, positions, claims, links } = found(await findDisputePage(db, slugParam(req.params.slug), false));
    res.json({
      data: { ...apiDispute({ ...dispute, positions }, publicUrl), claims: claims.map((c) => apiClaim(c, publicUrl)), links: links.map(apiLink) },
    });
  }

  async function listClaims(req: Request, res: Response) {
    const { after, limit } = pageOf(req);
    const rows = await listPublishedClaimsAfter(db, after, limit + 1);
    sendPage(req, res, rows.slice(0, limit).map((c) => apiClaim(c, publicUrl)), rows.length > limit);
  }

  async function showClaim(req: Request, res: Response) {
    const claim = found(await findClaim(db, idParam(req.params.id), false));
    const [links, history] = await Promise.all([listLinksOfClaim(db, claim.id, false), listStatusChanges(db, claim.id)]);
    res.json({ data: { ...apiClaim(claim, publicUrl), links: links.map(apiLinkFromClaim), status_history: history.map(apiStatusChange) } });
  }

  async function listSourcesPage(req: Request, res: Response) {
    const { after, limit } = pageOf(req);
    const rows = await listSourcesAfter(db, after, limit + 1);
    sendPage(req, res, rows.slice(0, limit).map((s) => apiSource(s, publicUrl)), rows.length > limit);
  }

  async function showSource(req: Request, res: Response) {
    res.json({ data: apiSource(found(await findSourceBySlug(db, slugParam(req.params.slug))), publicUrl) });
  }

  function sendPage(req: Request, res: Response, data: { id: number }[], hasMore: boolean) {
    const { limit } = pageOf(req);
    const next = hasMore ? `${publicUrl}${req.path}?after=${data[data.length - 1].id}&limit=${limit}` : null;
    res.json({ data, next });
  }
}

function pageOf(req: Request): { after: number; limit: number } {
  const after = req.query.after === undefined ? 0 : Number(req.query.after);
  const limit = req.query.limit === undefined ? DEFAULT_LIMIT : Number(req.query.limit);
  if (!Number.isInteger(after) || after < 0 || after > 2147483647) throw new HttpError(400, 'Bad request', '“after” must be a claim, dispute or source id (a whole number).');
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) throw new HttpError(400, 'Bad request', `“limit” must be a whole number from 1 to ${MAX_LIMIT}.`);
  return { after, limit };
}
