import { Request, Response, Router } from 'express';
import { z } from 'zod';
import type { Db } from '../../db/knex';
import { findAnchorOfClaim, listAnchorsOfClaims, listAnchorsOfDocument } from '../../db/anchors';
import { findClaim, listPublishedClaimsAfter } from '../../db/claims';
import { findDisputePage } from '../../db/dispute-pages';
import { findDocument, listDocumentsAfter } from '../../db/documents';
import { listPublishedDisputesAfter } from '../../db/disputes';
import { listLinksOfClaim } from '../../db/links';
import { findSourceBySlug, listSourcesAfter } from '../../db/sources';
import { listStatusChanges } from '../../db/status-changes';
import { found, HttpError } from '../errors';
import { MAX_INTEGER, parseForm, wholeNumber } from '../forms/fields';
import { apiClaim, apiDispute, apiDocument, apiDocumentWithAnchors, apiLink, apiLinkFromClaim, apiSource, apiStatusChange } from '../presentation/api';
import { idParam, slugParam } from '../http/params';

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 200;

const pageQuery = z.object({
  after: wholeNumber(0, MAX_INTEGER, 0, '“after” must be a claim, dispute, source or document id (a whole number).'),
  limit: wholeNumber(1, MAX_LIMIT, DEFAULT_LIMIT, `“limit” must be a whole number from 1 to ${MAX_LIMIT}.`),
});

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
  router.get('/api/v1/documents', listDocumentsPage);
  router.get('/api/v1/documents/:id', showDocument);
  return router;

  function index(_req: Request, res: Response) {
    res.json({
      disputes: `${publicUrl}/api/v1/disputes`, claims: `${publicUrl}/api/v1/claims`, sources: `${publicUrl}/api/v1/sources`,
      documents: `${publicUrl}/api/v1/documents`, documentation: `${publicUrl}/api`,
    });
  }

  async function listDisputes(req: Request, res: Response) {
    const { after, limit } = pageOf(req);
    const rows = await listPublishedDisputesAfter(db, after, limit + 1);
    sendPage(req, res, rows.slice(0, limit).map((d) => apiDispute(d, publicUrl)), rows.length > limit);
  }

  async function showDispute(req: Request, res: Response) {
    const { dispute, positions, claims, links, anchors: anchorList } = found(await findDisputePage(db, slugParam(req.params.slug), false));
    const anchors = new Map(anchorList.map((anchor) => [anchor.claim_id, anchor]));
    res.json({
      data: {
        ...apiDispute({ ...dispute, positions }, publicUrl), claims: claims.map((c) => apiClaim(c, publicUrl, anchors.get(c.id))), links: links.map(apiLink),
      },
    });
  }

  async function listClaims(req: Request, res: Response) {
    const { after, limit } = pageOf(req);
    const rows = await listPublishedClaimsAfter(db, after, limit + 1);
    const claims = rows.slice(0, limit);
    const anchors = await listAnchorsOfClaims(db, claims.map((c) => c.id));
    sendPage(req, res, claims.map((c) => apiClaim(c, publicUrl, anchors.get(c.id))), rows.length > limit);
  }

  async function showClaim(req: Request, res: Response) {
    const claim = found(await findClaim(db, idParam(req.params.id), false));
    const [links, history, anchor] = await Promise.all([
      listLinksOfClaim(db, claim.id, false), listStatusChanges(db, claim.id), findAnchorOfClaim(db, claim.id),
    ]);
    res.json({ data: { ...apiClaim(claim, publicUrl, anchor), links: links.map(apiLinkFromClaim), status_history: history.map(apiStatusChange) } });
  }

  async function listSourcesPage(req: Request, res: Response) {
    const { after, limit } = pageOf(req);
    const rows = await listSourcesAfter(db, after, limit + 1);
    sendPage(req, res, rows.slice(0, limit).map((s) => apiSource(s, publicUrl)), rows.length > limit);
  }

  async function showSource(req: Request, res: Response) {
    res.json({ data: apiSource(found(await findSourceBySlug(db, slugParam(req.params.slug))), publicUrl) });
  }

  async function listDocumentsPage(req: Request, res: Response) {
    const { after, limit } = pageOf(req);
    const rows = await listDocumentsAfter(db, after, limit + 1);
    sendPage(req, res, rows.slice(0, limit).map((d) => apiDocument(d, publicUrl)), rows.length > limit);
  }

  // Only published claims' anchors: a draft's passage would tell what the draft claims.
  async function showDocument(req: Request, res: Response) {
    const document = found(await findDocument(db, idParam(req.params.id)));
    res.json({ data: apiDocumentWithAnchors(document, await listAnchorsOfDocument(db, document.id, false), publicUrl) });
  }

  function sendPage(req: Request, res: Response, data: { id: number }[], hasMore: boolean) {
    const { limit } = pageOf(req);
    const next = hasMore ? `${publicUrl}${req.path}?after=${data[data.length - 1].id}&limit=${limit}` : null;
    res.json({ data, next });
  }
}

// An API client is told what was wrong with its query, rather than shown a missing page.
function pageOf(req: Request): { after: number; limit: number } {
  const parsed = parseForm(pageQuery, req.query);
  if (!parsed.ok) throw new HttpError(400, 'Bad request', Object.values(parsed.errors)[0]);
  return parsed.value;
}
