import type { Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import type { Db } from '../../db/knex';
import { findDisputePage } from '../../db/dispute-pages';
import { findPublishedDisputeVersions } from '../../db/disputes';
import { found } from '../errors';
import { coalesce } from '../http/coalesce';
import { createPageCache } from '../http/page-cache';
import { SLUG_PATTERN, slugParam } from '../http/params';
import { securityHeaderList } from '../http/security-headers';
import { renderToString } from '../http/views';
import { presentDisputePage } from '../pages/dispute';
import type { Publisher } from '../presentation/claim-review';

export interface DisputePageOptions {
  logger: Logger;
  publisher: Publisher;
  /** Memory for kept pages; 0 renders every page. */
  cacheBytes: number;
}

export interface DisputePageRoutes {
  /** Mounted first of all (app.ts): a kept page for a request with no cookie, before the rest of the stack runs. */
  kept: { path: RegExp; handler: RequestHandler };
  /** GET /disputes/:slug, in the disputes router's table: every request the kept path did not answer. */
  show: RequestHandler;
}

// The kept-page path takes only what could be a slug: a malformed address goes the full way, headers and log included.
const KEPT_DISPUTE_PAGE = new RegExp(`^/disputes/(${SLUG_PATTERN})$`);

/**
 * The dispute page, the most read, and the one owner of its page cache. Anonymous readers get the
 * kept page while its dispute's version is unchanged; editors and readers with a notice never do.
 * The version alone decides whether a kept page will do (read once per request, in a query shared
 * with concurrent requests); the page itself is read only to render it.
 */
export function disputePageRoutes(db: Db, { logger, publisher, cacheBytes }: DisputePageOptions): DisputePageRoutes {
  const pageCache = createPageCache(cacheBytes);
  const lookUpVersion = coalesce((slugs: string[]) => findPublishedDisputeVersions(db, slugs));
  // The version the kept path read for a request it passed on (the kept page was out of date).
  const versionsRead = new WeakMap<Request, string | undefined>();

  async function currentVersion(req: Request, slug: string): Promise<string | undefined> {
    if (versionsRead.has(req)) return versionsRead.get(req);
    const version = await lookUpVersion(slug);
    versionsRead.set(req, version);
    return version;
  }

  async function render(res: Response, slug: string, includeDrafts: boolean): Promise<string> {
    return renderToString(res, 'disputes/show', presentDisputePage(found(await findDisputePage(db, slug, includeDrafts)), publisher));
  }

  async function show(req: Request, res: Response) {
    const slug = slugParam(req.params.slug);
    if (!pageCache.servesFromCache(res)) {
      const page = found(await findDisputePage(db, slug, Boolean(res.locals.editor)));
      pageCache.neverStore(res);
      return res.render('disputes/show', presentDisputePage(page, publisher));
    }
    const version = found(await currentVersion(req, slug));
    await pageCache.send(req, res, version, () => render(res, slug, false));
  }

  return {
    kept: {
      path: KEPT_DISPUTE_PAGE,
      handler: pageCache.servesKeptPages({
        currentVersion: (req) => currentVersion(req, String(req.params[0])),
        headers: securityHeaderList(),
        logger,
      }),
    },
    show,
  };
}
