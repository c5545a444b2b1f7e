import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import supertest from 'supertest';
import { findDocument, replaceDocument } from '../db/documents';
import { exportDatabase, ExportFile, importDatabase } from '../db/export';
import type { Db } from '../db/knex';
import { runSeeds } from '../db/seed';
import { createSource } from '../db/sources';
import { createApp } from '../server/app';
import { loadConfig } from '../server/config';
import { createLogger } from '../server/logger';
import { PASSWORD, signIn, startTestApp, TestApp } from './support/app';
import { runScript } from './support/child-process';
import { createTestDb, TestDb, usingPostgres } from './support/db';
import { formOnPage, withChanges } from './support/page-form';
import { inspectDataDir, prepareDataDir } from './support/server-process';


function appOn(db: Db) {
  return createApp({ db, config: loadConfig({ NODE_ENV: 'test' }), logger: createLogger('silent'), sessionSecret: 'test secret' });
}

/** Every page a reader can reach: home, lists, each published dispute, each live claim and source. */
async function readerPages(db: Db): Promise<string[]> {
  const disputes = await db('disputes').whereNull('deleted_at').where({ state: 'published' }).pluck('slug');
  const claims = await db('claims as c').join('disputes as d', 'd.id', 'c.dispute_id')
    .whereNull('c.deleted_at').whereNull('d.deleted_at').where('d.state', 'published').pluck('c.id');
  const sources = await db('sources').whereNull('deleted_at').pluck('slug');
  return ['/', '/sources', '/statuses', ...disputes.map((s) => `/disputes/${s}`), ...claims.map((id) => `/claims/${id}`), ...sources.map((s) => `/sources/${s}`)];
}

/** A file as it comes back from disk. */
function throughFile(data: ExportFile): ExportFile {
  return JSON.parse(JSON.stringify(data));
}

describe('export and import', () => {
  let source: TestApp;
  let target: TestDb;
  let file: ExportFile;

  beforeAll(async () => {
    source = await startTestApp({ seed: true });
    const { agent } = await source.signedIn();
    // A little history by an editor on top of the founding case: a verdict, an edit, a new source.
    const claim = await source.db('claims').orderBy('id').first();
    const status = formOnPage((await agent.get(`/claims/${claim.id}/status`).expect(200)).text);
    await agent.post(status.action).type('form').send(withChanges(status.pairs, { status: 'contested', rationale: 'Both sides disagree.' })).expect(303);
    const dispute = await source.db('disputes').orderBy('id').first();
    const edit = formOnPage((await agent.get(`/disputes/${dispute.slug}/edit`).expect(200)).text);
    await agent.post(edit.action).type('form').send(withChanges(edit.pairs, { summary: 'Edited: “quotes”, <tags> & ünïcode.' })).expect(303);
    const newSource = formOnPage((await agent.get('/sources/new').expect(200)).text);
    await agent.post(newSource.action).type('form').send(withChanges(newSource.pairs, { name: 'Kyiv Independent', kind: 'media' })).expect(303);
    // A corrected copy of the founding article, which takes its anchors: a document that refers to another.
    const article = (await findDocument(source.db, (await source.db('documents').first('id')).id))!;
    const { title, publisher_id, authors, url, published_on, published_on_precision, language, full_text_public } = article;
    await replaceDocument(source.db, article.id, {
      title, publisher_id, authors, url, published_on, published_on_precision, language, full_text_public,
      text: `${article.text}\n\n[Correction note.]`, html: '<p>captured</p>', captured_at: new Date(),
    }, { editorId: null, summary: 'Corrected' });

    // PGlite's clock stops at milliseconds; PostgreSQL keeps microseconds, and so must a round trip.
    await source.db.raw("update revisions set created_at = '2023-05-23 10:11:12.345678+00' where id = (select min(id) from revisions)");

    file = throughFile(await exportDatabase(source.db, { withAccounts: false }));
    target = await createTestDb();
    await importDatabase(target.db, file);
  });
  afterAll(async () => {
    await target.drop();
    await source.drop();
  });

  it('reproduces every reader’s page byte for byte', async () => {
    const pages = await readerPages(source.db);
    expect(pages.length).toBeGreaterThan(12);
    expect(await readerPages(target.db)).toEqual(pages);
    for (const page of pages) {
      const [before, after] = await Promise.all([supertest(source.app).get(page), supertest(appOn(target.db)).get(page)]);
      expect({ page, status: after.status, body: after.text }).toEqual({ page, status: 200, body: before.text });
    }
  });

  it('restores every value exactly, timestamps to the microsecond', async () => {
    expect((await exportDatabase(target.db, { withAccounts: false })).tables).toEqual(file.tables);
    const { rows } = await target.db.raw(
      "select to_char(created_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') as stamp from revisions order by id limit 1",
    );
    expect(rows[0].stamp).toBe('2023-05-23 10:11:12.345678');
  });

  it('carries documents and anchors, their hashes, and keeps a quoted text immutable', async () => {
    const [original, corrected] = file.tables.documents;
    expect(corrected).toMatchObject({ replaces_document_id: original.id, html: '<p>captured</p>' });
    expect(file.tables.claim_anchors).toHaveLength(file.tables.claims.length);
    expect(file.tables.claim_anchors.every((anchor) => anchor.document_id === corrected.id)).toBe(true);
    expect(file.tables.documents[0]).not.toHaveProperty('search_vector');
    const imported = await target.db('documents').orderBy('id').select('id', 'text_sha256', 'html_sha256', 'replaces_document_id');
    expect(imported).toEqual(file.tables.documents.map(({ id, text_sha256, html_sha256, replaces_document_id }) => ({ id, text_sha256, html_sha256, replaces_document_id })));
    await expect(target.db('documents').where('id', Number(corrected.id)).update({ text: 'Changed.' })).rejects.toMatchObject({ constraint: 'documents_anchored_text_immutable' });
    expect(await target.db('documents').whereRaw('search_vector @@ plainto_tsquery(?)', ['Ponomarev']).count({ n: '*' }).first()).toEqual({ n: 2 });
  });

  it('gives new rows fresh ids after the imported ones', async () => {
    const created = await createSource(target.db, { slug: 'new-after-import', name: 'New', kind: 'other', description: '', affiliation_id: null, url: null }, { editorId: null, summary: 'Created' });
    expect(created.id).toBeGreaterThan(Math.max(...file.tables.sources.map((s) => Number(s.id))));
    const revision = await target.db('revisions').orderBy('id', 'desc').first();
    expect(revision.id).toBeGreaterThan(Math.max(...file.tables.revisions.map((r) => Number(r.id))));
  });

  it('leaves out password hashes, emails and sessions unless asked --with-accounts', async () => {
    expect(Object.keys(file.tables.editors[0]).sort()).toEqual(['created_at', 'id', 'name', 'role']);
    expect(file.tables).not.toHaveProperty('sessions');
    expect(JSON.stringify(file)).not.toContain('$argon2');
    expect(await target.db('editors').whereNull('disabled_at').count({ n: '*' }).first()).toEqual({ n: 0 });

    const full = throughFile(await exportDatabase(source.db, { withAccounts: true }));
    expect(full.tables.editors[0]).toHaveProperty('password_hash');
    expect(full.tables.sessions.length).toBeGreaterThan(0);
    const restored = await createTestDb();
    try {
      await importDatabase(restored.db, full);
      await signIn(supertest.agent(appOn(restored.db)), String(full.tables.editors[0].email), PASSWORD).expect(303);
    } finally {
      await restored.drop();
    }
  });

  it('refuses a database that is not empty, and a file that is not an export, saying why', async () => {
    await expect(importDatabase(target.db, file)).rejects.toThrow(/The database is not empty \(.*\d+ editors.*\d+ sources.*\)\. Import only into a new, empty database/);
    await expect(importDatabase(target.db, { tables: {} })).rejects.toThrow('This file is not a Counterclaim export');
    await expect(importDatabase(target.db, { ...file, version: 99 })).rejects.toThrow('This export has format version 99; this Counterclaim reads version 1.');
    await expect(importDatabase(target.db, { ...file, schema: '20990101000000_future' })).rejects.toThrow(/made with schema 20990101000000_future/);
  });
});

describe('npm run export / npm run import', () => {
  let folder: string;
  let databases: TestDb[] = [];

  beforeAll(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-export-'));
  });
  afterAll(async () => {
    for (const db of databases) await db.drop();
    databases = [];
    fs.rmSync(folder, { recursive: true, force: true });
  });

  // A database the commands can reach: a new PostgreSQL database, or an embedded data folder.
  interface Reachable {
    env: Record<string, string>;
    look<T>(look: (db: Db) => Promise<T>): Promise<T>;
  }

  async function database(name: string, fill?: (db: Db) => Promise<void>): Promise<Reachable> {
    if (usingPostgres) {
      const created = await createTestDb({ migrate: Boolean(fill) });
      databases.push(created);
      if (fill) await fill(created.db);
      return { env: { DATABASE_URL: created.url! }, look: <T>(look: (db: Db) => Promise<T>) => look(created.db) };
    }
    const dataDir = path.join(folder, name);
    if (fill) await prepareDataDir(dataDir, fill);
    return { env: { DATA_DIR: dataDir }, look: <T>(look: (db: Db) => Promise<T>) => inspectDataDir(dataDir, look) };
  }

  // Three command runs, each opening its own database: slow on the embedded engine.
  it('writes the database to a file and loads it into an empty one, and refuses to load it twice', async () => {
    const from = await database('from', runSeeds);
    const to = await database('to');
    const backup = path.join(folder, 'backup.json');

    const exported = await runScript('server/cli/export.ts', [backup], { env: from.env });
    expect(exported).toMatchObject({ code: 0, stderr: '' });
    expect(exported.stdout).toMatch(/^Exported .*\b5 sources\b.* to .*backup\.json\.\n$/);
    expect(exported.stdout).toContain(' 1 documents');
    expect(exported.stdout).toContain(' 9 claim_anchors');
    expect(exported.stdout).toContain(' 3 disputes');
    expect(fs.statSync(backup).mode & 0o777).toBe(0o600);

    const imported = await runScript('server/cli/import.ts', [backup], { env: to.env });
    expect(imported).toMatchObject({ code: 0, stderr: '' });
    expect(imported.stdout).toMatch(/^Imported .*\b5 sources\b/);
    expect(imported.stdout).toContain(' 9 claim_anchors');
    expect(imported.stdout).toContain(' 3 disputes');

    const again = await runScript('server/cli/import.ts', [backup], { env: to.env });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/The database is not empty \(.*\b3 disputes\b.*\)\. Import only into a new, empty database/);

    const contentOf = (db: Db) => exportDatabase(db, { withAccounts: false }).then((data) => data.tables);
    expect(await to.look(contentOf)).toEqual(await from.look(contentOf));
  }, 240_000);
});
