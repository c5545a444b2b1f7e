import { Request, Response, Router } from 'express';
import type { Db } from '../../db/knex';
import { listPublishedDisputes } from '../../db/disputes';
import { highestClaimId, listSitemapClaims, listSitemapPages } from '../../db/sitemap';
import { listRecentPublicStatusChanges } from '../../db/status-changes';
import { NotFound } from '../errors';
import { renderToString } from '../http/views';
import { idParam } from '../http/params';
import { presentDisputesFeed, presentStatusChangesFeed } from '../pages/feeds';
import { dropNonXmlCharacters } from '../lib/xml';

const FEED_SIZE = 50;
// The sitemap protocol allows 50,000 addresses per file.
const CLAIMS_PER_SITEMAP = 50_000;

/** What machines read: Atom feeds, the sitemap and robots.txt. Published data only. */
export function feedsRouter(db: Db): Router {
  const router = Router();
  router.get('/feeds/disputes.atom', disputesFeed);
  router.get('/feeds/status-changes.atom', statusChangesFeed);
  router.get('/robots.txt', robots);
  router.get('/sitemap.xml', sitemapIndex);
  router.get('/sitemaps/pages.xml', pagesSitemap);
  router.get('/sitemaps/claims-:chunk.xml', claimsSitemap);
  return router;

  async function disputesFeed(_req: Request, res: Response) {
    const disputes = await listPublishedDisputes(db, 1, FEED_SIZE);
    await sendXml(res, 'application/atom+xml', 'feeds/disputes', presentDisputesFeed(disputes.slice(0, FEED_SIZE)));
  }

  async function statusChangesFeed(_req: Request, res: Response) {
    const changes = await listRecentPublicStatusChanges(db, FEED_SIZE);
    await sendXml(res, 'application/atom+xml', 'feeds/status-changes', presentStatusChangesFeed(changes));
  }

  function robots(_req: Request, res: Response) {
    res.type('text/plain').render('feeds/robots');
  }

  // Every XML document goes out through here, so no stored character can make a feed unreadable.
  async function sendXml(res: Response, type: string, view: string, locals: Record<string, unknown>) {
    res.type(type).send(dropNonXmlCharacters(await renderToString(res, view, locals)));
  }

  async function claimChunks(): Promise<number> {
    return Math.ceil((await highestClaimId(db)) / CLAIMS_PER_SITEMAP);
  }

  async function sitemapIndex(_req: Request, res: Response) {
    const chunks = await claimChunks();
    await sendXml(res, 'application/xml', 'feeds/sitemap-index', { chunks });
  }

  async function pagesSitemap(_req: Request, res: Response) {
    const entries = [{ path: '/', updated_at: null }, { path: '/sources', updated_at: null }, { path: '/statuses', updated_at: null }, ...(await listSitemapPages(db))];
    await sendXml(res, 'application/xml', 'feeds/sitemap', { entries });
  }

  async function claimsSitemap(req: Request, res: Response) {
    const chunk = idParam(req.params.chunk);
    // Past the last chunk there is nothing to list (and far past it the ids overflow an integer).
    if (chunk > (await claimChunks())) throw new NotFound();
    const entries = await listSitemapClaims(db, (chunk - 1) * CLAIMS_PER_SITEMAP + 1, chunk * CLAIMS_PER_SITEMAP + 1);
    await sendXml(res, 'application/xml', 'feeds/sitemap', { entries });
  }
}
