import express, { Express } from 'express';
import type { Logger } from 'pino';
import type { Db } from '../db/knex';
import type { Config } from './config';
import { errorHandler, notFoundHandler } from './errors';
import { loadCurrentEditor } from './http/auth';
import { BodyLimits, formBodies, refuseOversizedBodies } from './http/bodies';
import { formTokens, verifyCsrf } from './http/csrf';
import { neverStoreSignedInPages } from './http/private-pages';
import { countQueries } from './http/query-count';
import { shareLocals } from './http/locals';
import { offerOneTimeKey } from './http/once';
import { originCheck } from './http/origin';
import { securityHeaders } from './http/security-headers';
import { viewHelpers } from './http/view-helpers';
import { viewEngine } from './http/views';
import { sessionMiddleware } from './http/session';
import { refuseForm, signInAndSendOn } from './http/signed-out';
import { requestLog } from './logger';
import { PUBLIC_DIR, VIEWS_DIR } from './paths';
import { healthRouter } from './routes/health';
import { disputePageRoutes } from './routes/dispute-page';
import { mountRouters } from './routes';

export interface AppDeps {
  db: Db;
  config: Config;
  logger: Logger;
  sessionSecret: string;
}

// Forms past 300 kB or 200 fields are refused but still read, up to 2 MB or 1,000, to be shown again.
const BODY_LIMITS: BodyLimits = { formBytes: 300 * 1024, hardCapBytes: 2 * 1024 * 1024, formFields: 200, hardCapFields: 1000 };
// Sign-in takes an email, a password and two hidden fields: anything larger is refused unread.
const SIGN_IN_BODY_LIMITS = { extended: false, limit: '4kb', parameterLimit: 10 };

/** Builds the whole app without listening, so tests can drive it through supertest. */
export function createApp({ db, config, logger, sessionSecret }: AppDeps): Express {
  const app = express();
  app.set('views', VIEWS_DIR);
  app.set('view engine', 'ejs');
  app.engine('ejs', viewEngine(config.env === 'production'));
  // Express keeps its view lookups in production too (its default there, said here so it is not lost).
  app.set('view cache', config.env === 'production');
  app.set('trust proxy', config.trustProxy ? config.trustedProxies : false);
  app.disable('x-powered-by');
  Object.assign(app.locals, viewHelpers(config));
  // Who publishes the pages' ClaimReview markup.
  const publisher = { name: config.siteName, url: config.publicUrl };
  const disputePage = disputePageRoutes(db, { logger, publisher, cacheBytes: config.pageCacheMb * 1024 * 1024 });

  if (config.countQueries) app.use(countQueries(db));
  // Kept dispute pages go to cookie-less readers first of all, for one query (shared by the
  // requests that arrive while it runs) and headers prepared once: most traffic, least work.
  app.get(disputePage.kept.path, disputePage.kept.handler);
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

  mountRouters(app, { db, logger, publicUrl: config.publicUrl, showDispute: disputePage.show, publisher, fetchAllowHosts: config.fetchAllowHosts });

  app.use(notFoundHandler);
  app.use(errorHandler(logger));
  return app;
}
