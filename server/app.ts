import express, { Express } from 'express';
import type { Logger } from 'pino';
import { CLAIM_STATUSES } from '../db/claims';
import type { Db } from '../db/knex';
import { findPublishedDisputeVersions } from '../db/disputes';
import { LINK_TYPES } from '../db/links';
import { SOURCE_KINDS } from '../db/sources';
import type { Config } from './config';
import { errorHandler, notFoundHandler } from './errors';
import { loadCurrentEditor } from './http/auth';
import { BodyLimits, formBodies, refuseOversizedBodies } from './http/bodies';
import { formTokens, verifyCsrf } from './http/csrf';
import { coalesce, createPageCache } from './http/page-cache';
import { SLUG_PATTERN } from './http/params';
import { neverStoreSignedInPages } from './http/private-pages';
import { countQueries } from './http/query-count';
import { shareLocals } from './http/locals';
import { offerOneTimeKey } from './http/once';
import { originCheck } from './http/origin';
import { securityHeaderList, securityHeaders } from './http/security-headers';
import { viewEngine } from './http/views';
import { sessionMiddleware } from './http/session';
import { refuseForm, signInAndSendOn } from './http/signed-out';
import { claimWords, excerpt, formatDay, formatMoment, formatSpan, highlight, isoMoment, jsonForScript, linkPhrase } from './presentation/format';
import { claimReview, claimReviews } from './presentation/claim-review';
import { BEARING_LABELS, EVIDENCE_KIND_LABELS, STRENGTH_LABELS } from './presentation/evidence-labels';
import { figureValue, LINE, numberLines } from './presentation/figures';
import { STATUS_MEANINGS, statusBadge, statusLabel } from './presentation/statuses';
import { requestLog } from './logger';
import { PUBLIC_DIR, VIEWS_DIR } from './paths';
import { healthRouter } from './routes/health';
import { mountRouters } from './routes';

export interface AppDeps {
  db: Db;
  config: Config;
  logger: Logger;
  sessionSecret: string;
}

// Forms past 300 kB or 200 fields are refused but still read, up to 2 MB or 1,000, to be shown again.
const BODY_LIMITS: BodyLimits = { formBytes: 300 * 1024, hardCapBytes: 2 * 1024 * 1024, formFields: 200, hardCapFields: 1000 };
// The kept-page path takes only what could be a slug: a malformed address goes the full way, headers and log included.
const KEPT_DISPUTE_PAGE = new RegExp(`^/disputes/(${SLUG_PATTERN})$`);
// Sign-in takes an email, a password and two hidden fields: anything larger is refused unread.
const SIGN_IN_BODY_LIMITS = { extended: false, limit: '4kb', parameterLimit: 10 };

/** Builds the whole app without listening, so tests can drive it through supertest. */
export function createApp({ db, config, logger, sessionSecret }: AppDeps): Express {
  const app = express();
  const pageCache = createPageCache(config.pageCacheMb * 1024 * 1024);
  app.set('views', VIEWS_DIR);
  app.set('view engine', 'ejs');
  app.engine('ejs', viewEngine(config.env === 'production'));
  // Express keeps its view lookups in production too (its default there, said here so it is not lost).
  app.set('view cache', config.env === 'production');
  app.set('trust proxy', config.trustProxy ? config.trustedProxies : false);
  app.disable('x-powered-by');
  Object.assign(app.locals, {
    siteName: config.siteName,
    publicUrl: config.publicUrl,
    publisher: { name: config.siteName, url: config.publicUrl },
    claimReview, claimReviews,
    BEARING_LABELS, EVIDENCE_KIND_LABELS, STRENGTH_LABELS, figureValue, LINE, numberLines,
    claimWords, excerpt, formatDay, formatMoment, formatSpan, highlight, isoMoment, jsonForScript, linkPhrase, statusBadge, statusLabel,
    CLAIM_STATUSES, STATUS_MEANINGS, SOURCE_KINDS, LINK_TYPES,
  });

  if (config.countQueries) app.use(countQueries(db));
  // Kept dispute pages go to cookie-less readers first of all, for one query (shared by the
  // requests that arrive while it runs) and headers prepared once: most traffic, least work.
  const disputeVersion = coalesce((slugs: string[]) => findPublishedDisputeVersions(db, slugs));
  app.get(KEPT_DISPUTE_PAGE, pageCache.servesKeptPages({
    currentVersion: (req) => disputeVersion(String(req.params[0])),
    headers: securityHeaderList(),
    logger,
  }));
  app.use(requestLog(logger));
  app.use(securityHeaders());
  app.use(refuseOversizedBodies(BODY_LIMITS));
  app.use('/static', express.static(PUBLIC_DIR, { maxAge: '1h', index: false }));
  app.use(healthRouter(db));
  app.use('/signin', express.urlencoded(SIGN_IN_BODY_LIMITS));
  app.use(formBodies(BODY_LIMITS));
  app.use(sessionMiddleware(db, config, sessionSecret));
  app.use(loadCurrentEditor(db, config, logger));
  app.use(neverStoreSignedInPages);
  app.use(shareLocals);
  app.use(offerOneTimeKey);
  const sentFromThisSite = originCheck(config.publicUrl);
  app.use(verifyCsrf(formTokens(sessionSecret, sentFromThisSite), refuseForm(logger, sentFromThisSite)));
  app.use(signInAndSendOn(db, logger));

  mountRouters(app, { db, logger, publicUrl: config.publicUrl, pageCache, fetchAllowHosts: config.fetchAllowHosts });

  app.use(notFoundHandler);
  app.use(errorHandler(logger));
  return app;
}
