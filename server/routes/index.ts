import type { Express, RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { Db } from '../../db/knex';
import type { AllowEntry } from '../outbound/ssrf';
import type { Publisher } from '../presentation/claim-review';
import { accountRouter } from './account';
import { apiRouter } from './api';
import { authRouter } from './auth';
import { claimsRouter } from './claims';
import { disputesRouter } from './disputes';
import { documentsRouter } from './documents';
import { editorsRouter } from './editors';
import { evidenceRouter } from './evidence';
import { exportsRouter } from './exports';
import { feedsRouter } from './feeds';
import { historyRouter } from './history';
import { homeRouter } from './home';
import { intakeRouter } from './intake';
import { linksRouter } from './links';
import { searchRouter } from './search';
import { sourcesRouter } from './sources';
import { tipQueueRouter } from './tip-queue';
import { tipsRouter } from './tips';
import { verdictsRouter } from './verdicts';

/*
 * Which file serves which address, in the order they are tried:
 *
 *   /  /statuses                                   home.ts
 *   /search                                        search.ts
 *   /feeds/…  /robots.txt  /sitemap.xml  /sitemaps/…  feeds.ts
 *   /api  /api/v1/…                                api.ts
 *   /claims.csv  /disputes/:slug/claims.csv        exports.ts
 *   /signin  /signout  /setup                      auth.ts
 *   /account/…                                     account.ts
 *   /disputes/new  /disputes/:slug[/edit|/delete]  disputes.ts
 *   /claims/:id[/edit|/delete]  /disputes/:slug/claims/new  claims.ts
 *   /claims/:id/status                             verdicts.ts
 *   /claims/:id/links/new  /links/:id/remove       links.ts
 *   /sources[/new]  /sources/:slug[/edit|/delete]  sources.ts
 *   /documents[/new]  /documents/:id[/edit|/replace]  documents.ts
 *   /claims/:id/tip  /disputes/:slug/tip           tips.ts (readers' form)
 *   /tips/…                                        tip-queue.ts (editors only)
 *   /history/:type/:id/…  /changes                 history.ts (editors only)
 *   /claims/:id/evidence/new  /evidence/:id/…      evidence.ts
 *   /documents/:id/claims[/new]                    intake.ts (editors only)
 *   /admin/…                                       editors.ts (admins only)
 *
 * Mounted in server/app.ts before these, outside this table: /healthz and /readyz (health.ts,
 * ahead of sessions so probes stay cheap) and the kept dispute pages (http/page-cache.ts).
 * Order matters: a guard a router mounts on a prefix (account's /account, tip-queue's /tips,
 * history's /history and /changes, editors' /admin) also guards every later router's paths
 * under that prefix, and none before it. A new router goes where its guard should apply.
 */

export interface RouteDeps {
  db: Db;
  logger: Logger;
  publicUrl: string;
  /** The dispute page, with its page cache (routes/dispute-page.ts). */
  showDispute: RequestHandler;
  /** Who publishes the pages' ClaimReview markup. */
  publisher: Publisher;
  /** FETCH_ALLOW_HOSTS: the only addresses past the fetch's SSRF rules. */
  fetchAllowHosts: AllowEntry[];
}

/** Every page router, in the order requests try them; the not-found handler follows. */
export function mountRouters(app: Express, { db, logger, publicUrl, showDispute, publisher, fetchAllowHosts }: RouteDeps): void {
  app.use(homeRouter(db));
  app.use(searchRouter(db));
  app.use(feedsRouter(db));
  app.use(apiRouter(db, publicUrl));
  app.use(exportsRouter(db, publicUrl));
  app.use(authRouter(db, logger));
  app.use(accountRouter(db, logger));
  app.use(disputesRouter(db, logger, showDispute));
  app.use(claimsRouter(db, logger, publisher));
  app.use(verdictsRouter(db, logger));
  app.use(linksRouter(db, logger));
  app.use(sourcesRouter(db, logger));
  app.use(documentsRouter(db, logger, fetchAllowHosts));
  app.use(tipsRouter(db, logger));
  app.use(tipQueueRouter(db, logger));
  app.use(historyRouter(db, logger));
  app.use(evidenceRouter(db, logger));
  app.use(intakeRouter(db, logger));
  app.use(editorsRouter(db, logger));
}
