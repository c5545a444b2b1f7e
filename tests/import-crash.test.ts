import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { exportDatabase, ExportFile } from '../db/export';
import { writeExportFile } from '../db/export-file';
import { Db } from '../db/knex';
import { runSeeds } from '../db/seed';
import { CommandRun, runScript } from './support/child-process';
import { createTestDb, TestDb, usingPostgres } from './support/db';
import { inspectDataDir } from './support/server-process';

// npm run import is all or nothing on both engines: killed (SIGKILL) at any point, it leaves the
// database as it found it, and the same command run again loads everything.

const CLAIMS = 20_000;

/** The founding case plus CLAIMS claims, each with a revision, as an export file. */
function bigExport(seed: ExportFile): ExportFile {
  const [claim] = seed.tables.claims;
  const [revision] = seed.tables.revisions;
  const firstId = Math.max(...seed.tables.claims.map((c) => Number(c.id))) + 1;
  const firstRevision = Math.max(...seed.tables.revisions.map((r) => Number(r.id))) + 1;
  const claims = Array.from({ length: CLAIMS }, (_, i) => ({ ...claim, id: firstId + i, text: `Generated claim number ${i}: ${'words '.repeat(20)}` }));
  const revisions = claims.map((c, i) => ({ ...revision, id: firstRevision + i, entity_type: 'claim', entity_id: c.id, version: 1, snapshot: { text: c.text } }));
  return { ...seed, tables: { ...seed.tables, claims: [...seed.tables.claims, ...claims], revisions: [...seed.tables.revisions, ...revisions] } };
}

/** Runs `npm run import` (its source) and, with killAt, SIGKILLs it once its progress shows that line. */
function runImport(file: string, env: Record<string, string>, killAt?: RegExp): Promise<CommandRun> {
  return runScript('server/cli/import.ts', [file, '--progress'], { env, killWhenStderr: killAt });
}

async function claimCount(db: Db): Promise<number> {
  if (!(await db.schema.hasTable('claims'))) return 0;
  return Number((await db('claims').count({ n: '*' }).first())?.n);
}

describe('npm run import killed midway', () => {
  let folder: string;
  let file: string;
  let expected: number;
  const databases: TestDb[] = [];

  beforeAll(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-import-crash-'));
    const source = await createTestDb();
    databases.push(source);
    await runSeeds(source.db);
    const data = bigExport(await exportDatabase(source.db, { withAccounts: false }));
    expected = data.tables.claims.length;
    file = path.join(folder, 'big.json');
    writeExportFile(file, data);
  }, 120_000);
  afterAll(async () => {
    for (const db of databases) await db.drop();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it(`leaves the database untouched wherever it is killed, and the same command then loads all ${CLAIMS} claims`, async () => {
    let env: Record<string, string>;
    let look: <T>(look: (db: Db) => Promise<T>) => Promise<T | undefined>;
    if (usingPostgres) {
      const target = await createTestDb({ migrate: false });
      databases.push(target);
      env = { DATABASE_URL: target.url! };
      look = (see) => see(target.db);
    } else {
      const dataDir = path.join(folder, 'data');
      env = { DATA_DIR: dataDir };
      look = async (see) => (fs.existsSync(path.join(dataDir, 'pglite')) ? inspectDataDir(dataDir, see) : undefined);
    }

    // Before the schema exists (on the embedded engine: while PGlite creates its folder), and late in the load.
    for (const point of [/^migrating/m, /^revisions 10000/m]) {
      const killed = await runImport(file, env, point);
      expect(killed.signal).toBe('SIGKILL');
      expect(killed.stderr).toMatch(point);
      expect((await look(claimCount)) ?? 0).toBe(0);
    }

    const done = await runImport(file, env);
    expect(done.stderr).toMatch(/^committing/m);
    expect(done).toMatchObject({ code: 0, signal: null });
    expect(done.stdout).toContain(` ${expected} claims`);
    expect(await look(claimCount)).toBe(expected);
  }, 600_000);
});
