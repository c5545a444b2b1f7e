import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { listDocumentChecks } from '../db/document-checks';
import { createDocument } from '../db/documents';
import type { Db } from '../db/knex';
import { migrateToLatest } from '../db/migrate';
import { extractText } from '../server/outbound/extract-text';
import { articlePage } from './support/article-page';
import { createTestDb, TestDb, usingPostgres } from './support/db';
import { type PageServer, html, startPageServer } from './support/page-server';
import { inspectDataDir, prepareDataDir } from './support/server-process';

const ROOT = path.resolve(__dirname, '..');
const CLI = path.join(ROOT, 'dist/server/cli/recheck-documents.js');
const by = { editorId: null, summary: 'test' };

// The command itself, as `npm run recheck-documents` runs it, against the test's own database
// (PostgreSQL when DATABASE_URL is set, else an embedded DATA_DIR) and a local stand-in publisher.
describe('npm run recheck-documents', () => {
  let server: PageServer;
  let dataDir: string;
  let testDb: TestDb | undefined;
  let documentId: number;

  beforeAll(async () => {
    await promisify(execFile)('node', ['scripts/check-build.js'], { cwd: ROOT }).catch(() =>
      promisify(execFile)('npm', ['run', 'build', '--silent'], { cwd: ROOT, timeout: 170_000 }));
    server = await startPageServer({ '/article': html(articlePage()) });
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-recheck-'));
    const addDocument = async (db: Db) => {
      documentId = (await createDocument(db, {
        title: 'Bridge story', publisher_id: null, authors: '', url: `${server.origin}/article`, published_on: null, published_on_precision: null,
        language: 'en', text: extractText(articlePage()).text, full_text_public: true,
      }, by)).id;
    };
    if (usingPostgres) {
      testDb = await createTestDb();
      await migrateToLatest(testDb.db);
      await addDocument(testDb.db);
    } else {
      await prepareDataDir(dataDir, addDocument);
    }
  }, 180_000);
  afterAll(async () => {
    await testDb?.drop();
    await server.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  function runCli(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const childEnv: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: testDb?.url ?? '', NODE_ENV: 'test', ...env };
    delete childEnv.NODE_OPTIONS;
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [CLI], { cwd: ROOT, env: childEnv });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk) => (stdout += chunk));
      child.stderr.on('data', (chunk) => (stderr += chunk));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
  }

  const checksOf = (id: number) => (testDb ? listDocumentChecks(testDb.db, id) : inspectDataDir(dataDir, (db) => listDocumentChecks(db, id)));

  it('refuses the local server unless FETCH_ALLOW_HOSTS names it, then records it reachable', async () => {
    const refused = await runCli({});
    expect(refused).toMatchObject({ code: 0, stderr: '' });
    expect(refused.stdout).toContain(`document ${documentId}: unavailable`);
    expect(server.requests).toEqual([]);

    const allowed = await runCli({ FETCH_ALLOW_HOSTS: `127.0.0.1:${server.port}` });
    expect(allowed).toMatchObject({ code: 0, stderr: '' });
    expect(allowed.stdout).toContain(`document ${documentId}: reachable`);
    expect(allowed.stdout).toContain('Checked 1 document with a URL.');
    expect((await checksOf(documentId)).map((check) => check.status)).toEqual(['reachable', 'unavailable']);
  });
});
