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
  /** Embedded only: a data directory to start from (dumpEmbeddedDb's tarball) instead of an empty cluster. */
  snapshot?: Blob;
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
  const db = options.databaseUrl ? createServerDb(options.databaseUrl, options) : createEmbeddedDb(options.dataDir, options.snapshot);
  markAcquireFailures(db);
  return db;
}

/** The settings that choose and size the database: server/config.ts's Config has them all. */
export interface DbConfig {
  databaseUrl: string | undefined;
  dataDir: string;
  databasePoolMax: number;
}

/** Where the embedded database lives inside the data folder. */
export function embeddedDataDir(dataDir: string): string {
  return path.join(dataDir, 'pglite');
}

/** The database the configuration names: the server, every CLI command and the benchmark open it this way. */
export function createDbFromConfig(config: DbConfig, logger?: DbLogger): Db {
  return createDb({ databaseUrl: config.databaseUrl, dataDir: embeddedDataDir(config.dataDir), poolMax: config.databasePoolMax, logger });
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

/** Whether a process with this id is alive (EPERM: alive, but another user's). */
export function isRunning(pid: number): boolean {
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

const EMBEDDED_ACQUIRE_TIMEOUT_MS = 10 * 60_000;

// knex-pglite names a delete's command "DEL", which knex's PostgreSQL code does not know, so
// .delete() answered the raw result instead of the row count that it gives on pg.
type KnexResponse = { method?: string };
interface Engine {
  readonly closed: boolean;
  readonly waitReady: Promise<unknown>;
  close(): Promise<void>;
}

type KnexPgliteClient = { pglite: Engine; processResponse(obj: KnexResponse, runner: unknown): unknown; poolDefaults(): object; destroy(): Promise<void> };

const PgliteClient = class extends (ClientPgLite as unknown as new (config: object) => KnexPgliteClient) {
  // knex closes the engine only if a query ever opened its one connection. One never used would go
  // on starting after its db was destroyed (and load files then): destroying the db closes it too.
  async destroy(callback?: (err?: unknown) => void): Promise<void> {
    try {
      await super.destroy();
      // PGlite cannot be closed mid-start; the worker engine can, and must not be opened to be closed.
      if (this.pglite instanceof PGlite) await this.pglite.waitReady.catch(() => undefined);
      if (!this.pglite.closed) await this.pglite.close();
    } catch (err) {
      if (!callback) throw err;
      return callback(err);
    }
    callback?.();
  }

  processResponse(obj: KnexResponse, runner: unknown): unknown {
    return super.processResponse(obj?.method === 'del' ? { ...obj, method: 'delete' } : obj, runner);
  }

  // Opening the one connection waits for PGlite's start (initdb for a new data folder): more than
  // the pool's 30 s to create a connection on a busy machine (knex-pglite refuses a pool setting of ours).
  poolDefaults(): object {
    return { ...(super.poolDefaults as () => object)(), createTimeoutMillis: EMBEDDED_ACQUIRE_TIMEOUT_MS };
  }
};

// PGlite's defaults suit a browser tab: PostgreSQL touches all of its 128 MB of shared buffers at
// start, and WebAssembly memory, once grown, is never given back. 16 MB of buffers keep the hot pages
// (what misses is read from the operating system's file cache), and index builds get the same.
const EMBEDDED_SETTINGS = ['shared_buffers=16MB', 'maintenance_work_mem=16MB'];

/** PGlite's start parameters with the embedded engine's memory settings added. */
export function withEmbeddedSettings(params: readonly string[]): string[] {
  return [...params, ...EMBEDDED_SETTINGS.flatMap((setting) => ['-c', setting])];
}

// Built by `npm run build` beside the compiled knex.js (scripts/embedded-template.ts): an empty data
// directory with every migration applied. A first start copies it instead of running initdb in a
// second PGlite instance, which took most of the first start's time and doubled its memory. From the
// sources (tests) there is none, and PGlite runs initdb as before.
export const EMBEDDED_TEMPLATE = path.join(__dirname, 'embedded-template');

function copyTemplate(dataDir: string): void {
  if (fs.existsSync(dataDir) || !fs.existsSync(path.join(EMBEDDED_TEMPLATE, 'PG_VERSION'))) return;
  // Copied beside and renamed: an interrupted first start leaves no half-made database behind.
  fs.rmSync(`${dataDir}.partial`, { recursive: true, force: true });
  fs.cpSync(EMBEDDED_TEMPLATE, `${dataDir}.partial`, { recursive: true });
  fs.renameSync(`${dataDir}.partial`, dataDir);
}

// In-memory engines only (the tests' template snapshots); a data folder's lives in its worker.
const embedded = new WeakMap<Db, PGlite>();

function createEmbeddedDb(dataDir: string | undefined, snapshot?: Blob): Db {
  if (dataDir) {
    fs.mkdirSync(path.dirname(dataDir), { recursive: true });
    lockDataDir(dataDir);
    copyTemplate(dataDir);
  }
  // A data folder's engine runs in a worker thread (embedded.ts); an in-memory one (tests) here.
  const pglite = dataDir
    ? new EmbeddedEngine(dataDir)
    : new PGlite({ parsers: pgliteParsers, loadDataDir: snapshot, startParams: withEmbeddedSettings(PGlite.defaultStartParams) });
  const db = knexFactory({
    client: PgliteClient as unknown as typeof knexFactory.Client,
    dialect: 'postgres',
    connection: () => ({ pglite }) as object,
    // The one connection waits for PGlite's start and is held by a whole migration: minutes on a
    // busy machine, where knex's default minute failed every test file's migration.
    acquireConnectionTimeout: EMBEDDED_ACQUIRE_TIMEOUT_MS,
  } as Knex.Config);
  if (pglite instanceof PGlite) embedded.set(db, pglite);
  return db;
}

/** The embedded database's whole data directory as a tarball, for createDb's `snapshot`. */
export async function dumpEmbeddedDb(db: Db): Promise<Blob> {
  const pglite = embedded.get(db);
  if (!pglite) throw new Error('not an embedded database');
  if (pglite.closed) throw new Error('the embedded database is closed');
  return pglite.dumpDataDir('none');
}

/** The first row's count as a number on either engine. */
export function countOf(row: { count?: unknown } | undefined): number {
  return Number(row?.count ?? 0);
}
