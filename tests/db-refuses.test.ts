import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import knexFactory, { Knex } from 'knex';
import supertest from 'supertest';
import { createDb, Db } from '../db/knex';
import { createApp } from '../server/app';
import { loadConfig } from '../server/config';
import { createLogger } from '../server/logger';
import { createTestDb, TestDb, usingPostgres } from './support/db';

// "Cannot connect" in every form a running site meets it is a "not now": a 503 page with
// Retry-After, never the 500 that says the site is broken.

function appOn(db: Db) {
  return createApp({ db, config: loadConfig({ NODE_ENV: 'test' }), logger: createLogger('silent'), sessionSecret: 'test secret' });
}

async function expectNotNow(db: Db): Promise<void> {
  const page = await supertest(appOn(db)).get('/');
  expect(page.status).toBe(503);
  expect(page.headers['retry-after']).toBe('5');
  expect(page.text).toContain('Temporarily unavailable');
  const api = await supertest(appOn(db)).get('/api/v1/disputes').set('Accept', 'application/json');
  expect(api.status).toBe(503);
  expect(api.body).toMatchObject({ error: 'Temporarily unavailable', retry_after: 5 });
}

function urlWith(change: (url: URL) => void): string {
  const url = new URL(process.env.DATABASE_URL!);
  change(url);
  return url.toString();
}

const onPostgres = usingPostgres ? describe : describe.skip;
const onEmbedded = usingPostgres ? describe.skip : describe;

onPostgres('a PostgreSQL database that refuses connections', () => {
  let admin: Knex;
  let target: TestDb;
  let name: string;
  const opened: Db[] = [];
  const open = (url: string) => {
    const db = createDb({ databaseUrl: url, poolMax: 2 });
    opened.push(db);
    return db;
  };

  beforeAll(async () => {
    admin = knexFactory({ client: 'pg', connection: process.env.DATABASE_URL, pool: { min: 0, max: 1 } });
    target = await createTestDb();
    name = new URL(target.url!).pathname.slice(1);
  });
  afterAll(async () => {
    await admin.raw(`alter database ${name} allow_connections true`);
    for (const db of opened) await db.destroy();
    await target.drop();
    await admin.destroy();
  });

  it('during maintenance (ALLOW_CONNECTIONS false) gives readers the 503 page, and serves again once it is lifted', async () => {
    const db = open(target.url!);
    await supertest(appOn(db)).get('/').expect(200);
    await admin.raw(`alter database ${name} allow_connections false`);
    // Connections already open are not affected by the setting: end them, as a maintenance window does.
    await admin.raw('select pg_terminate_backend(pid) from pg_stat_activity where datname = ? and pid <> pg_backend_pid()', [name]);
    await expectNotNow(db);
    await admin.raw(`alter database ${name} allow_connections true`);
    await supertest(appOn(db)).get('/').expect(200);
  });

  it('while the database does not exist (a restore is running) gives the 503 page', async () => {
    await expectNotNow(open(urlWith((url) => (url.pathname = `/cc_missing_${process.pid}`))));
  });

  it('when the password or role is refused (a rotated password) gives the 503 page', async () => {
    await expectNotNow(open(urlWith((url) => (url.username = `cc_no_such_role_${process.pid}`))));
  });

  it('when the server has no connection left for us ("too many clients") gives the 503 page', async () => {
    const role = `cc_full_${process.pid}`;
    await admin.raw(`create role ${role} login connection limit 0`);
    try {
      await expectNotNow(open(urlWith((url) => (url.username = role))));
    } finally {
      for (const db of opened.splice(0)) await db.destroy();
      await admin.raw(`drop role ${role}`);
    }
  });
});

onEmbedded('an embedded database that cannot be opened', () => {
  let folder: string;
  let db: Db;
  beforeAll(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-refuses-'));
  });
  afterAll(async () => {
    await db?.destroy().catch(() => undefined);
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('(its data folder is a file: a restore in progress, a wrong DATA_DIR) gives the 503 page', async () => {
    const blocked = path.join(folder, 'pglite');
    fs.writeFileSync(blocked, 'not a database folder');
    db = createDb({ dataDir: blocked });
    await expectNotNow(db);
  });
});
