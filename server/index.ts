import type { Server } from 'node:http';
import path from 'node:path';
import { createDb } from '../db/knex';
import { migrateToLatest } from '../db/migrate';
import { seedIfEmpty } from '../db/seed';
import { createApp } from './app';
import { loadConfig } from './config';
import { resolveSessionSecret } from './http/session';
import { createLogger } from './logger';

const SHUTDOWN_GRACE_MS = 10_000;

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const db = createDb({ databaseUrl: config.databaseUrl, dataDir: path.join(config.dataDir, 'pglite') });
  const engine = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${config.dataDir}`;

  const applied = await migrateToLatest(db);
  if (applied.length) logger.info({ applied }, 'migrations applied');
  if (await seedIfEmpty(db)) logger.info('founding case loaded into the empty database');

  const app = createApp({ db, config, logger, sessionSecret: await resolveSessionSecret(db, config) });
  const server = app.listen(config.port, () => {
    logger.info(`Counterclaim on http://localhost:${config.port}/ using ${engine}`);
  });
  handleShutdown(server, () => db.destroy(), logger);
}

// Stop accepting, let in-flight requests finish (within a bound), close the pool, exit 0.
function handleShutdown(server: Server, closeDb: () => Promise<void>, logger: ReturnType<typeof createLogger>): void {
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    setTimeout(() => {
      logger.warn('in-flight requests did not finish in time');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS).unref();
    server.close(() => {
      closeDb().then(() => process.exit(0), () => process.exit(1));
    });
    server.closeIdleConnections();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err) => {
  console.error('Counterclaim could not start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
