import fs from 'node:fs';
import path from 'node:path';
import knexFactory, { Knex } from 'knex';
import pg from 'pg';
import ClientPgLite from 'knex-pglite';
import { PGlite } from '@electric-sql/pglite';

export type Db = Knex;

const INT8 = 20;
const DATE = 1082;

// Both engines hand rows over in one shape: bigint counts as numbers and calendar
// dates as 'YYYY-MM-DD' strings (a Date would shift with the server's time zone).
pg.types.setTypeParser(INT8, (value: string) => Number(value));
pg.types.setTypeParser(DATE, (value: string) => value);
const pgliteParsers = { [INT8]: (value: string) => Number(value), [DATE]: (value: string) => value };

export interface DbOptions {
  databaseUrl?: string;
  /** Folder for the embedded database; undefined keeps it in memory (tests). */
  dataDir?: string;
  poolMax?: number;
}

export function createDb(options: DbOptions): Db {
  if (options.databaseUrl) {
    return knexFactory({
      client: 'pg',
      connection: { connectionString: options.databaseUrl, statement_timeout: 15000 },
      pool: { min: 0, max: options.poolMax ?? 10 },
      acquireConnectionTimeout: 10000,
    });
  }
  return createEmbeddedDb(options.dataDir);
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
function lockDataDir(dataDir: string): void {
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

function createEmbeddedDb(dataDir: string | undefined): Db {
  if (dataDir) {
    fs.mkdirSync(path.dirname(dataDir), { recursive: true });
    lockDataDir(dataDir);
  }
  const pglite = new PGlite({ dataDir, parsers: pgliteParsers });
  return knexFactory({
    client: ClientPgLite as unknown as typeof knexFactory.Client,
    dialect: 'postgres',
    connection: () => ({ pglite }) as object,
  } as Knex.Config);
}

/** The first row's count as a number on either engine. */
export function countOf(row: { count?: unknown } | undefined): number {
  return Number(row?.count ?? 0);
}
