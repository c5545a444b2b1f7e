import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import knexFactory, { Knex } from 'knex';
import supertest from 'supertest';
import type { Db } from '../db/knex';
import { addEditor, Agent, csrfFrom, PASSWORD } from './support/app';
import { createTestDb, TestDb, usingPostgres } from './support/db';
import { installFailpoint, SLOW_FAILPOINT } from './support/failpoint';
import { formOnPage, withChanges } from './support/page-form';
import { inspectDataDir, prepareDataDir, ServerProcess, startServer } from './support/server-process';

// How long a SLOWPOINT save stalls inside its transaction.
const STALL_SECONDS = 3;

/**
 * The real server in its own process, on PostgreSQL (a fresh database) or on an embedded
 * data folder, the way `npm start` runs it: signals, exit codes and crashes are whole-process facts.
 */
describe('the server process', () => {
  let testDb: TestDb | undefined;
  let admin: Knex | undefined;
  let dataDir: string;
  let editorEmail: string;
  let env: Record<string, string>;
  const running: ServerProcess[] = [];

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-process-'));
    const prepare = async (db: Db) => {
      await installFailpoint(db, STALL_SECONDS);
      editorEmail = (await addEditor({ db })).email;
    };
    if (usingPostgres) {
      testDb = await createTestDb();
      await prepare(testDb.db);
      admin = knexFactory({ client: 'pg', connection: { connectionString: testDb.url, application_name: 'cc-test-admin' }, pool: { min: 0, max: 1 } });
      env = { DATABASE_URL: testDb.url! };
    } else {
      await prepareDataDir(dataDir, prepare);
      env = { DATA_DIR: dataDir };
    }
  }, 120_000);

  afterAll(async () => {
    for (const server of running) server.child.kill('SIGKILL');
    await admin?.destroy();
    await testDb?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function start(extraEnv: Record<string, string> = {}): Promise<ServerProcess> {
    const server = await startServer({ ...env, ...extraEnv });
    running.push(server);
    return server;
  }

  async function signedInAgent(server: ServerProcess): Promise<{ agent: Agent; cookie: string }> {
    const agent = supertest.agent(server.url);
    const token = csrfFrom((await agent.get('/signin').expect(200)).text);
    const res = await agent.post('/signin').type('form').send({ _csrf: token, email: editorEmail, password: PASSWORD }).expect(303);
    const cookie = String(res.headers['set-cookie']).match(/cc_session=([^;]+)/)![1];
    return { agent, cookie };
  }

  /** Starts creating a dispute; the returned promise settles when the server answers. */
  async function beginSave(agent: Agent, title: string) {
    const form = formOnPage((await agent.get('/disputes/new').expect(200)).text);
    const body = withChanges(form.pairs, { title, position_label: ['Yes', 'No', '', '', '', ''], state: 'published' });
    return agent.post(form.action).type('form').send(body).then((res) => res);
  }

  // The save is inside its transaction, stalled at its revision. PostgreSQL shows it as a session
  // asleep; the embedded engine sleeps on the server's own thread, so the server stops answering.
  async function waitUntilStalled(server: ServerProcess): Promise<void> {
    for (let i = 0; i < 200; i += 1) {
      if (admin) {
        const { rows } = await admin.raw("select 1 from pg_stat_activity where datname = current_database() and wait_event = 'PgSleep'");
        if (rows.length) return;
      } else {
        const answered = await fetch(`${server.url}/healthz`, { signal: AbortSignal.timeout(300) }).then(() => true, () => false);
        if (!answered) return;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('the save never reached its failpoint');
  }

  async function waitForOrphanToEnd(): Promise<void> {
    for (let i = 0; i < 200; i += 1) {
      const { rows } = await admin!.raw(
        "select 1 from pg_stat_activity where datname = current_database() and (wait_event = 'PgSleep' or state like 'idle in transaction%')",
      );
      if (rows.length === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('the killed process left a transaction open');
  }

  async function stored<T>(look: (db: Db | Knex) => Promise<T>): Promise<T> {
    return admin ? look(admin) : inspectDataDir(dataDir, look);
  }

  it('killed (SIGKILL) in the middle of a save stores nothing of it, and a new process on the same data serves at once', async () => {
    const first = await start();
    const { agent } = await signedInAgent(first);
    void beginSave(agent, `${SLOW_FAILPOINT} killed`).catch(() => undefined);
    await waitUntilStalled(first);
    first.child.kill('SIGKILL');
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });

    // PostgreSQL rolls the orphaned transaction back once it wakes and finds its client gone.
    if (admin) await waitForOrphanToEnd();
    const second = await start();
    await supertest(second.url).get('/').expect(200);
    await supertest(second.url).get('/disputes/slowpoint-killed').expect(404);
    second.child.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);
    const leftovers = await stored(async (db) => ({
      disputes: await db('disputes').where('title', 'like', `${SLOW_FAILPOINT}%`).count({ n: '*' }).first(),
      revisions: await db('revisions').whereRaw('snapshot::text like ?', [`%${SLOW_FAILPOINT}%`]).count({ n: '*' }).first(),
      orphanPositions: await db('positions').whereNotIn('dispute_id', db('disputes').select('id')).count({ n: '*' }).first(),
    }));
    expect(leftovers).toEqual({ disputes: { n: 0 }, revisions: { n: 0 }, orphanPositions: { n: 0 } });
  });

  it('on SIGTERM finishes the save in flight, refuses new connections, closes the pool and exits 0', async () => {
    const server = await start();
    const { agent } = await signedInAgent(server);
    const saving = beginSave(agent, `${SLOW_FAILPOINT} finished`);
    await waitUntilStalled(server);
    const signalled = Date.now();
    server.child.kill('SIGTERM');
    if (admin) {
      // The embedded engine's server is asleep in the save, so only here can it be seen to stop listening meanwhile.
      await new Promise((resolve) => setTimeout(resolve, 300));
      await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
    }
    expect((await saving).status).toBe(303);
    expect(await server.exited).toEqual({ code: 0, signal: null });
    // Not held open by idle keep-alive connections (that would add 5 s).
    expect(Date.now() - signalled).toBeLessThan((STALL_SECONDS + 4) * 1000);
    expect(server.output()).toContain('"msg":"stopped cleanly"');
    const saved = await stored(async (db) => {
      const dispute = await db('disputes').where({ title: `${SLOW_FAILPOINT} finished` }).first('id');
      return dispute && (await db('positions').where({ dispute_id: dispute.id }).orderBy('sort_order').pluck('label'));
    });
    expect(saved).toEqual(['Yes', 'No']);
  });

  it('logs JSON lines with the request id shown on error pages, and never a password, cookie or session id', async () => {
    const server = await start();
    const { agent, cookie } = await signedInAgent(server);
    const missing = await agent.get('/disputes/no-such-dispute').expect(404);
    const id = String(missing.headers['x-request-id']);
    expect(missing.text).toContain(`<code>${id}</code>`);
    server.child.kill('SIGTERM');
    await server.exited;

    const lines = server.output().split('\n').filter((line) => line.startsWith('{'));
    expect(lines.length).toBeGreaterThan(3);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    expect(lines.some((line) => JSON.parse(line).req?.id === id)).toBe(true);
    const sid = decodeURIComponent(cookie).replace(/^s:/, '').split('.')[0];
    for (const secret of [PASSWORD, cookie, decodeURIComponent(cookie), sid]) expect(server.output()).not.toContain(secret);
  });

  it('cuts a request still running after SHUTDOWN_GRACE_SECONDS and exits 1', async () => {
    const server = await start({ SHUTDOWN_GRACE_SECONDS: '1' });
    // A request whose body never finishes arriving: it can only be cut.
    const socket = net.connect(Number(new URL(server.url).port), '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write('POST /signin HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nemail=');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const signalled = Date.now();
    server.child.kill('SIGTERM');
    expect((await server.exited).code).toBe(1);
    expect(Date.now() - signalled).toBeLessThan(6000);
    expect(server.output()).toContain('in-flight requests did not finish in time');
    socket.destroy();
  });
});
