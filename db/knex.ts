import fs from 'node:fs';
import path from 'node:path';
import knexFactory, { Knex } from 'knex';
import pg from 'pg';
import ClientPgLite from 'knex-pglite';
import { PGlite } from '@electric-sql/pglite';
import { EmbeddedEngine } from './embedded';
import { markAcquireFailures } from './unavailable';

export type Db = Knex;

const INT8 = 20;
const DATE = 1082;
const NUMERIC = 1700;

// Both engines hand rows over in one shape: bigint counts and numeric figures as numbers, and calendar
// dates as 'YYYY-MM-DD' strings (a Date would shift with the server's time zone).
pg.types.setTypeParser(INT8, (value: string) => Number(value));
pg.types.setTypeParser(DATE, (value: string) => value);
pg.types.setTypeParser(NUMERIC, (value: string) => Number(value));
export const pgliteParsers = { [INT8]: (value: string) => Number(value), [DATE]: (value: string) => value, [NUMERIC]: (value: string) => Number(value) };

/** Where the database layer reports trouble that is not tied to a request (pino's Logger fits). */
export interface DbLogger {
  warn(details: object, message: string): void;
}

export interface DbOptions {
  databaseUrl?: string;
  /** Folder for the embedded database; undefined keeps it in memory (tests). */
  dataDir?: string;
  poolMax?: number;
  logger?: DbLogger;
}

// Bounds that keep a stuck or vanished database from piling up requests: a query, a lock wait,
// a connection attempt and a wait for a free pooled connection each give up after a while,
// and the request gets a 503 it can retry. A migration that cannot get its lock quickly fails
// instead of queueing every reader behind it.
const LIMITS = {
  statement_timeout: 15_000,
  lock_timeout: 5_000,
  idle_in_transaction_session_timeout: 60_000,
  connectionTimeoutMillis: 5_000,
  acquireConnectionTimeout: 5_000,
};

export function createDb(options: DbOptions): Db {
  const db = options.databaseUrl ? createServerDb(options.databaseUrl, options) : createEmbeddedDb(options.dataDir);
  markAcquireFailures(db);
  return db;
}

function createServerDb(databaseUrl: string, options: DbOptions): Db {
  const { acquireConnectionTimeout, ...connectionLimits } = LIMITS;
  const logger = options.logger;
  return knexFactory({
    client: 'pg',
    connection: {
      connectionString: databaseUrl, application_name: 'counterclaim', keepAlive: true, ...connectionLimits,
      // JIT compiles any query the planner thinks costly (ranking search matches) and adds
      // 50–700 ms to it; short web queries never win that back.
      options: '-c jit=off',
    },
    pool: {
      min: 0,
      max: options.poolMax ?? 10,
      // knex already marks a client that errors as unusable; this also says so in the log.
      // Without any listener, an idle connection dropped by the server would crash the process.
      afterCreate(conn: pg.Client, done: (err: Error | null, conn: pg.Client) => void) {
        conn.on('error', (err) => logger?.warn({ err: { message: err.message, code: (err as { code?: string }).code } }, 'database connection lost'));
        done(null, conn);
      },
    },
    acquireConnectionTimeout,
    log: logger ? knexLog(logger) : undefined,
  });
}

// knex's own warnings (a broken connection dropped from the pool…) as structured log lines.
function knexLog(logger: DbLogger): Knex.Logger {
  const warn = (message: unknown) => logger.warn({ knex: String(message) }, 'database');
  return { warn, error: warn, deprecate: warn, debug: () => undefined };
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

// PGlite has no locking of its own: two processes on one data folder corrupt it.
// A lock file holding our pid refuses the second one with a clear message.
export function lockDataDir(dataDir: string): void {
  const lockFile = `${dataDir}.lock`;
  try {
    const holder = Number(fs.readFileSync(lockFile, 'utf8'));
    if (holder && holder !== process.pid && isRunning(holder)) {
      throw new Error(
        `The embedded database in ${dataDir} is in use by process ${holder} (is npm start running?). ` +
          'Stop that process first, or set DATABASE_URL to use a PostgreSQL server.',
      );
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  fs.writeFileSync(lockFile, String(process.pid));
  process.once('exit', () => fs.rmSync(lockFile, { force: true }));
}

// knex-pglite names a delete's command "DEL", which knex's PostgreSQL code does not know, so
// .delete() answered the raw result instead of the row count that it gives on pg.
type KnexResponse = { method?: string };
const EMBEDDED_OPEN_MS = 120_000;
const PgliteClient = class extends (ClientPgLite as unknown as new (config: object) => { processResponse(obj: KnexResponse, runner: unknown): unknown; poolDefaults(): object }) {
  processResponse(obj: KnexResponse, runner: unknown): unknown {
    return super.processResponse(obj?.method === 'del' ? { ...obj, method: 'delete' } : obj, runner);
  }

  // Opening a new data folder runs initdb first: on a busy machine that takes longer than the pool's 30 s.
  poolDefaults(): object {
    return { ...(super.poolDefaults as () => object)(), createTimeoutMillis: EMBEDDED_OPEN_MS };
  }
};

function createEmbeddedDb(dataDir: string | undefined): Db {
  if (dataDir) {
    fs.mkdirSync(path.dirname(dataDir), { recursive: true });
    lockDataDir(dataDir);
  }
  // A data folder's engine runs in a worker thread (embedded.ts); an in-memory one (tests) here.
  const pglite = dataDir ? new EmbeddedEngine(dataDir) : new PGlite({ parsers: pgliteParsers });
  return knexFactory({
    client: PgliteClient as unknown as typeof knexFactory.Client,
    dialect: 'postgres',
    connection: () => ({ pglite }) as object,
    acquireConnectionTimeout: EMBEDDED_OPEN_MS,
  } as Knex.Config);
}

/** The first row's count as a number on either engine. */
export function countOf(row: { count?: unknown } | undefined): number {
  return Number(row?.count ?? 0);
}
