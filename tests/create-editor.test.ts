import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import supertest from 'supertest';
import { createDb, Db } from '../db/knex';
import { createApp } from '../server/app';
import { loadConfig } from '../server/config';
import { createLogger } from '../server/logger';
import { signIn, visibleText } from './support/app';
import { CommandRun, ROOT, runNode } from './support/child-process';
import { createTestDb, TestDb, usingPostgres } from './support/db';

const CLI = path.join(ROOT, 'dist/server/cli/create-editor.js');
const PASSWORD = 'a command-line password';

/**
 * The CLI runs against the test's own database: a fresh PostgreSQL database when
 * DATABASE_URL is set, otherwise the embedded one in a temporary DATA_DIR.
 */
describe('npm run create-editor', () => {
  let dataDir: string;
  let testDb: TestDb | undefined;

  beforeAll(async () => {
    // The CLI runs the build, as `npm run create-editor` does; built again only when a source changed.
    await promisify(execFile)('node', ['scripts/check-build.js'], { cwd: ROOT }).catch(() =>
      promisify(execFile)('npm', ['run', 'build', '--silent'], { cwd: ROOT, timeout: 170_000 }));
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-create-editor-'));
    if (usingPostgres) testDb = await createTestDb();
  }, 180_000);
  afterAll(async () => {
    await testDb?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  function runCli(args: string[], stdin: string): Promise<CommandRun> {
    return runNode([CLI, ...args], { env: { DATA_DIR: dataDir, DATABASE_URL: testDb?.url ?? '' }, stdin });
  }

  // The embedded database admits one process at a time, so the app opens it only after the CLI runs are done.
  function openDb(): Db {
    return testDb ? testDb.db : createDb({ dataDir: path.join(dataDir, 'pglite') });
  }

  it('refuses a password under 12 characters with a clear message', async () => {
    const res = await runCli(['--email', 'short@example.org', '--name', 'Short'], 'elevenchars\n');
    expect(res.code).not.toBe(0);
    expect(res.stderr).toContain('password: Use at least 12 characters.');
    expect(res.stdout).not.toContain('Created');
  });

  it('explains its usage when the email or name is missing, or the role is unknown', async () => {
    for (const args of [['--name', 'E'], ['--email', 'e@example.org'], ['--email', 'e@example.org', '--name', 'E', '--role', 'owner']]) {
      const res = await runCli(args, `${PASSWORD}\n`);
      expect(res.code).not.toBe(0);
      expect(res.stderr).toContain('usage: npm run create-editor -- --email E --name N');
    }
  });

  it('creates editors from a piped password who can then sign in through the app', async () => {
    const first = await runCli(['--email', 'e@example.org', '--name', 'E'], `${PASSWORD}\n`);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Created admin E <e@example.org>.');
    expect(first.stdout).not.toContain(PASSWORD);

    const second = await runCli(['--email', 'Second@Example.org', '--name', 'Second Editor'], `${PASSWORD}\n`);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('Created editor Second Editor <second@example.org>.');

    const duplicate = await runCli(['--email', 'E@example.org', '--name', 'E again'], `${PASSWORD}\n`);
    expect(duplicate.code).not.toBe(0);
    expect(duplicate.stderr).toContain('An editor with this email already exists.');

    const db = openDb();
    try {
      const editors = await db('editors').orderBy('id').select('email', 'name', 'role', 'password_hash');
      expect(editors.map(({ email, name, role }) => ({ email, name, role }))).toEqual([
        { email: 'e@example.org', name: 'E', role: 'admin' },
        { email: 'second@example.org', name: 'Second Editor', role: 'editor' },
      ]);
      expect(editors[0].password_hash).toMatch(/^\$argon2id\$/);

      const app = createApp({ db, config: loadConfig({ NODE_ENV: 'test' }), logger: createLogger('silent'), sessionSecret: 'test secret' });
      const browser = supertest.agent(app);
      await signIn(browser, 'e@example.org', PASSWORD).expect(303);
      expect(visibleText((await browser.get('/').expect(200)).text)).toContain('Sign out (E)');
      await signIn(supertest.agent(app), 'second@example.org', PASSWORD).expect(303);
      await signIn(supertest.agent(app), 'e@example.org', 'elevenchars').expect(401);
    } finally {
      if (!testDb) await db.destroy();
    }
  }, 120_000);
});
