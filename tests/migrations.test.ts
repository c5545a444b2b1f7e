import supertest from 'supertest';
import { createDb, Db } from '../db/knex';
import { isSchemaCurrent, migrateToLatest, rollbackAll } from '../db/migrate';
import { runSeeds } from '../db/seed';
import { createApp } from '../server/app';
import { loadConfig } from '../server/config';
import { createLogger } from '../server/logger';
import { createTestDb, TestDb } from './support/db';
import { LOSSES_SLUG } from './support/founding-case';

const APP_TABLES = [
  'claim_anchors', 'claim_links', 'claims', 'dispute_documents', 'disputes', 'documents', 'editors', 'evidence', 'idempotency_keys', 'positions', 'revisions',
  'sessions', 'settings', 'sign_in_attempts', 'sources', 'status_changes',
  'tips',
];
const KNEX_TABLES = ['knex_migrations', 'knex_migrations_lock'];

async function tables(db: Db): Promise<string[]> {
  const rows = await db('information_schema.tables').where('table_schema', db.raw('current_schema()')).select('table_name');
  return rows.map((row) => row.table_name).sort();
}

/** Everything in the schema that knex's own bookkeeping did not create: tables, indexes, sequences, views, types, functions. */
async function leftovers(db: Db): Promise<string[]> {
  const relations = await db.raw(
    `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = current_schema() and c.relname not like 'knex\\_migrations%'`,
  );
  const types = await db.raw(
    `select t.typname as name from pg_type t join pg_namespace n on n.oid = t.typnamespace
     where n.nspname = current_schema() and t.typtype in ('e', 'd')`,
  );
  const functions = await db.raw(
    `select p.proname as name from pg_proc p join pg_namespace n on n.oid = p.pronamespace
     where n.nspname = current_schema()`,
  );
  return [...relations.rows, ...types.rows, ...functions.rows].map((row: { name: string }) => row.name);
}

async function rowCounts(db: Db): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of APP_TABLES) counts[table] = Number((await db(table).count({ n: '*' }).first())!.n);
  return counts;
}

describe('migrations and the founding seed', () => {
  let t: TestDb;
  let applied: string[];
  beforeAll(async () => {
    t = await createTestDb({ migrate: false });
  });
  afterAll(() => t.drop());

  it('starts from an empty database', async () => {
    expect(await tables(t.db)).toEqual([]);
  });

  it('migrates to the latest schema in order, and a second run applies nothing', async () => {
    applied = await migrateToLatest(t.db);
    expect(applied.length).toBeGreaterThanOrEqual(10);
    expect(applied).toEqual([...applied].sort());
    for (const name of applied) expect(name).toMatch(/^\d{14}_[a-z0-9_]+$/);
    expect(await tables(t.db)).toEqual([...APP_TABLES, ...KNEX_TABLES].sort());
    expect(await isSchemaCurrent(t.db)).toBe(true);
    expect(await migrateToLatest(t.db)).toEqual([]);
  });

  it('rolls every migration back, newest first, leaving no app table, index, sequence, type or function behind', async () => {
    expect(await rollbackAll(t.db)).toEqual([...applied].reverse());
    expect(await tables(t.db)).toEqual(KNEX_TABLES);
    expect(await leftovers(t.db)).toEqual([]);
    expect(await isSchemaCurrent(t.db)).toBe(false);
  });

  it('migrates again after a full rollback and loads the founding case', async () => {
    expect(await migrateToLatest(t.db)).toEqual(applied);
    await runSeeds(t.db);
    const counts = await rowCounts(t.db);
    expect(counts.disputes).toBe(3);
    expect(counts.sources).toBe(5);
    expect(counts.claims).toBeGreaterThan(0);
    expect(counts.claim_links).toBeGreaterThan(0);
    expect(counts.documents).toBe(1);
    expect(counts.claim_anchors).toBe(counts.claims);
    expect(counts.revisions).toBeGreaterThan(0);
    expect(counts.editors).toBe(0);
    expect(await t.db('disputes').where({ slug: LOSSES_SLUG }).first('id')).toBeDefined();
  });

  it('loads the founding case only once, however often the seed runs', async () => {
    const before = await rowCounts(t.db);
    await runSeeds(t.db);
    expect(await rowCounts(t.db)).toEqual(before);
  });

  it('rolls back a database that holds content, too', async () => {
    expect(await rollbackAll(t.db)).toEqual([...applied].reverse());
    expect(await leftovers(t.db)).toEqual([]);
  });
});

describe('health check without a database', () => {
  let db: Db;
  let quietKnex: jest.SpyInstance;
  beforeAll(() => {
    // Nothing listens on port 1: every connection attempt is refused.
    db = createDb({ databaseUrl: 'postgres://postgres@127.0.0.1:1/unreachable' });
    // knex reports each refused connection on the console; expected here, so kept out of the output.
    quietKnex = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  });
  afterAll(async () => {
    quietKnex.mockRestore();
    await db.destroy();
  });

  function app() {
    return createApp({ db, config: loadConfig({ NODE_ENV: 'test' }), logger: createLogger('silent'), sessionSecret: 'test secret' });
  }

  it('answers /healthz with 503 JSON, quickly', async () => {
    const started = Date.now();
    const res = await supertest(app()).get('/healthz').expect(503);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body).toEqual({ status: 'unavailable', database: 'down' });
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('shows readers an error page that gives nothing internal away', async () => {
    const res = await supertest(app()).get('/');
    expect(res.status).toBeGreaterThanOrEqual(500);
    expect(res.text).toContain('class="site-header"');
    expect(res.text).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|postgres|at .*\.ts/);
  });
});
