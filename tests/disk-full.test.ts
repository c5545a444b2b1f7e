import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import supertest from 'supertest';
import { createDb, Db } from '../db/knex';
import { runSeeds } from '../db/seed';
import { isDatabaseUnavailable } from '../db/unavailable';
import { addEditor, csrfFrom, PASSWORD } from './support/app';
import { usingPostgres } from './support/db';
import { formOnPage, withChanges } from './support/page-form';
import { prepareDataDir, startServer } from './support/server-process';

// A full (or read-only) disk under the embedded engine is an outage like any other: saves get the
// 503 page that keeps the typed text, /healthz answers in time, SIGTERM stops the process, and
// service resumes by itself when space returns. Run on a small tmpfs mounted for the test.

function mountTmpfs(megabytes: number): string | undefined {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-full-'));
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${megabytes}m`, 'tmpfs', dir]);
  if (mounted.status === 0) return dir;
  fs.rmSync(dir, { recursive: true, force: true });
  return undefined;
}

function unmount(dir: string): void {
  spawnSync('umount', ['-l', dir]);
  fs.rmSync(dir, { recursive: true, force: true });
}

/** Writes a file until the disk is full; removing it gives the space back. */
function fillDisk(dir: string): string {
  const filler = path.join(dir, 'filler');
  const fd = fs.openSync(filler, 'w');
  const chunk = Buffer.alloc(64 * 1024, 1);
  try {
    for (;;) fs.writeSync(fd, chunk);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
  } finally {
    fs.closeSync(fd);
  }
  return filler;
}

async function settled<T>(work: Promise<T>, ms: number): Promise<{ value?: T; error?: unknown; hung?: true }> {
  const timeout = new Promise<{ hung: true }>((resolve) => setTimeout(() => resolve({ hung: true }), ms).unref());
  return Promise.race([work.then((value) => ({ value }), (error) => ({ error })), timeout]);
}

async function eventually<T>(probe: () => Promise<T>, timeoutMs: number): Promise<T> {
  const started = Date.now();
  for (;;) {
    try {
      return await probe();
    } catch (err) {
      if (Date.now() - started > timeoutMs) throw err;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

const canMount = !usingPostgres && process.platform === 'linux' && process.getuid?.() === 0;
const volume = canMount ? mountTmpfs(96) : undefined;
if (!usingPostgres && !volume) console.warn('disk-full.test.ts skipped: it needs to mount a tmpfs (Linux, as root)');
const onTmpfs = volume ? describe : describe.skip;

onTmpfs('the embedded engine on a disk that fills up', () => {
  afterAll(() => unmount(volume!));

  it('fails the write that found no space as "not now", keeps answering, and writes again once space is back', async () => {
    const db: Db = createDb({ dataDir: path.join(volume!, 'engine', 'pglite') });
    try {
      await db.raw('create table notes (id int primary key, body text) with (fillfactor = 30)');
      await db.raw("insert into notes select g, repeat('a', 200) from generate_series(1, 2000) g");
      await db.raw('checkpoint');
      const filler = fillDisk(volume!);
      // A new WAL segment has no room: PostgreSQL's next write fails, after which PGlite never answered again.
      await db.raw('select pg_switch_wal()');
      const write = await settled(db.raw("update notes set body = 'b' where id = 1"), 30_000);
      expect(write.hung).toBeUndefined();
      expect(isDatabaseUnavailable(write.error)).toBe(true);
      const read = await settled(db('notes').count({ n: '*' }).first(), 60_000);
      expect(read.hung).toBeUndefined();
      if (read.error) expect(isDatabaseUnavailable(read.error)).toBe(true);

      fs.rmSync(filler);
      await eventually(() => db.raw("update notes set body = 'c' where id = 1"), 60_000);
      expect(await db('notes').where({ id: 1 }).first('body')).toEqual({ body: 'c' });
    } finally {
      await db.destroy();
    }
  }, 240_000);

  it('serves the 503 page that keeps the typed text, /healthz in time, resumes by itself and stops on SIGTERM', async () => {
    const dataDir = path.join(volume!, 'server');
    let email = '';
    await prepareDataDir(dataDir, async (db) => {
      await runSeeds(db);
      email = (await addEditor({ db })).email;
    });
    const server = await startServer({ DATA_DIR: dataDir });
    try {
      const agent = supertest.agent(server.url);
      const token = csrfFrom((await agent.get('/signin').expect(200)).text);
      await agent.post('/signin').type('form').send({ _csrf: token, email, password: PASSWORD }).expect(303);
      const form = formOnPage((await agent.get('/disputes/new').expect(200)).text);
      const dispute = (n: number) => withChanges(form.pairs, {
        title: `Typed while the disk was full ${n}`, summary: randomBytes(2400).toString('base64'),
        position_label: ['Yes', 'No', '', '', '', ''], state: 'published',
      });

      // Saves fit into the pages already there until one needs a new one.
      const filler = fillDisk(volume!);
      let refused;
      let body = '';
      for (let n = 0; n < 100 && refused?.status !== 503; n++) {
        body = dispute(n);
        refused = await agent.post(form.action).type('form').send(body);
        expect([303, 503]).toContain(refused.status);
      }
      expect(refused!.status).toBe(503);
      expect(refused!.headers['retry-after']).toBe('5');
      expect(refused!.text).toContain(new URLSearchParams(body).get('title'));
      // Readers are still served: reading needs no new space.
      await eventually(() => supertest(server.url).get('/').expect(200), 30_000);
      const started = Date.now();
      const health = await fetch(`${server.url}/healthz`, { signal: AbortSignal.timeout(10_000) });
      expect([200, 503]).toContain(health.status);
      expect(Date.now() - started).toBeLessThan(10_000);

      fs.rmSync(filler);
      const saved = await eventually(async () => {
        const res = await agent.post(form.action).type('form').send(body);
        if (res.status !== 303) throw new Error(`save answered ${res.status}`);
        return res;
      }, 60_000);
      expect(saved.headers.location).toMatch(/^\/disputes\//);
      await supertest(server.url).get('/healthz').expect(200);
    } finally {
      server.child.kill('SIGTERM');
    }
    expect((await server.exited).code).toBe(0);
  }, 300_000);
});
