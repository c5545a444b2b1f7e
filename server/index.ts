import fs from 'node:fs';
import http, { Server } from 'node:http';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { createDbFromConfig, Db, embeddedDataDir } from '../db/knex';
import { migrateToLatest } from '../db/migrate';
import { seedIfEmpty } from '../db/seed';
import { deleteOldIdempotencyKeys } from '../db/idempotency-keys';
import { deleteExpiredSessions } from '../db/sessions';
import { deleteOldFailures } from '../db/sign-in-attempts';
import { createApp } from './app';
import { Config, loadConfig } from './config';
import { lastResort } from './errors';
import { resolveSessionSecret } from './http/session';
import { createLogger, prettyDestination } from './logger';

const MIGRATION_LOCK_RETRIES = 30;
const HOUSEKEEPING_INTERVAL_MS = 60 * 60_000;
const DAY_MS = 24 * 60 * 60_000;

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel, config.logFormat === 'pretty' ? prettyDestination() : undefined);
  catchStrayErrors(logger);
  if (!config.databaseUrl && !fs.existsSync(path.join(embeddedDataDir(config.dataDir), 'PG_VERSION'))) {
    logger.info(`first start: creating the embedded database in ${config.dataDir} and loading the founding case (a few seconds)`);
  }
  const db = createDbFromConfig(config, logger);
  const engine = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${config.dataDir}`;

  const migrating = Date.now();
  const applied = await migrateWhenUnlocked(db, logger);
  if (applied.length) logger.info({ applied, ms: Date.now() - migrating }, 'migrations applied');
  if (await seedIfEmpty(db)) logger.info('founding case loaded into the empty database');

  const app = createApp({ db, config, logger, sessionSecret: await resolveSessionSecret(db, config) });
  const finish = lastResort(logger);
  const server = http.createServer(serverTimeouts(config), (req, res) => app(req as Request, res as Response, finish(req as Request, res as Response)));
  server.listen(config.port, config.host, () => {
    logger.info({ host: config.host, port: config.port, pid: process.pid }, `Counterclaim on http://${displayHost(config.host)}:${config.port}/ using ${engine}`);
  });
  handleShutdown(server, db, config, logger);
  keepTablesTidy(db, logger);
}

// Node's defaults let one client hold a connection for 5 minutes by sending slowly; these are
// checked every second rather than Node's 30, so the limits are what the configuration says.
function serverTimeouts(config: Config): http.ServerOptions {
  return {
    requestTimeout: config.requestTimeoutSeconds * 1000,
    headersTimeout: config.headersTimeoutSeconds * 1000,
    connectionsCheckingInterval: 1000,
  };
}

// The address to open in a browser: "every interface" is not one.
function displayHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}

// Expired sessions, old failed sign-ins and create forms' one-time keys past a day serve no
// purpose; without this the tables only grow.
// Every process does it: the deletes are idempotent and cheap.
function keepTablesTidy(db: Db, logger: Logger): void {
  const tidy = async () => {
    const dayAgo = new Date(Date.now() - DAY_MS);
    const [sessions, attempts, keys] = [await deleteExpiredSessions(db), await deleteOldFailures(db, dayAgo), await deleteOldIdempotencyKeys(db, dayAgo)];
    if (sessions || attempts || keys) logger.info({ sessions, attempts, keys }, 'expired rows removed');
  };
  setInterval(() => tidy().catch((err) => logger.warn({ err }, 'housekeeping failed')), HOUSEKEEPING_INTERVAL_MS).unref();
}

// Several processes starting together race for knex's migration lock; the losers wait
// for the winner rather than exit, then find nothing left to apply.
async function migrateWhenUnlocked(db: Db, logger: Logger): Promise<string[]> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await migrateToLatest(db);
    } catch (err) {
      if (!/already locked/i.test(String((err as Error).message)) || attempt >= MIGRATION_LOCK_RETRIES) throw err;
      if (attempt === 1) logger.info('another process is migrating; waiting for it');
      await sleep(1000);
    }
  }
}

// The last line of defence, written as structured log lines rather than bare stack traces.
// A stray rejection is a bug to fix, not a reason to drop every reader's request; an uncaught
// exception leaves the process in an unknown state, so it stops and its supervisor restarts it.
function catchStrayErrors(logger: Logger): void {
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled promise rejection'));
  process.on('uncaughtException', (err) => {
    logger.fatal({ err }, 'uncaught exception; stopping');
    process.exit(1);
  });
}

/**
 * SIGTERM/SIGINT: stop accepting, let in-flight requests finish (within the grace period),
 * close the pool, exit 0. Requests still running after the grace period are cut and the exit
 * code is 1, so a supervisor's log shows that the stop was not clean. A second signal stops at once.
 */
function handleShutdown(server: Server, db: Db, config: Config, logger: Logger): void {
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: stopping now');
      process.exit(1);
    }
    stopping = true;
    // Set when requests had to be cut: the exit code says so whichever close finishes first.
    let cut = false;
    logger.info({ signal, graceSeconds: config.shutdownGraceSeconds }, 'shutting down: finishing in-flight requests');
    setTimeout(() => {
      logger.warn('in-flight requests did not finish in time; cutting them');
      cut = true;
      server.closeAllConnections();
      db.destroy().finally(() => process.exit(1));
    }, config.shutdownGraceSeconds * 1000).unref();
    server.close(() => {
      db.destroy().then(
        () => {
          if (cut) process.exit(1);
          logger.info('stopped cleanly');
          process.exit(0);
        },
        (err) => {
          logger.error({ err }, 'closing the database pool failed');
          process.exit(1);
        },
      );
    });
    // Keep-alive connections with no request in flight would otherwise hold close() open.
    server.closeIdleConnections();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err) => {
  console.error('Counterclaim could not start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
