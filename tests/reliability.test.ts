import { Writable } from 'node:stream';
import knexFactory, { Knex } from 'knex';
import supertest from 'supertest';
import { exportDatabase } from '../db/export';
import { createDb, Db } from '../db/knex';
import { migrateToLatest } from '../db/migrate';
import { createApp } from '../server/app';
import { loadConfig } from '../server/config';
import { createLogger } from '../server/logger';
import { Agent, csrfFrom, encodeForm, PASSWORD, startTestApp, TestApp } from './support/app';
import { createTestDb, TestDb, usingPostgres } from './support/db';
import { BUSY_FAILPOINT, FAILPOINT, installFailpoint } from './support/failpoint';
import { formOnPage, withChanges } from './support/page-form';

// Nothing listens on port 1: every connection attempt is refused at once.
const CLOSED_PORT_URL = 'postgres://postgres@127.0.0.1:1/unreachable';

function appOn(db: Db, logger = createLogger('silent')) {
  return createApp({ db, config: loadConfig({ NODE_ENV: 'test' }), logger, sessionSecret: 'test secret' });
}

/** A logger whose JSON lines a test can read. */
function capturedLogger() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  return { logger: createLogger('info', sink), lines };
}

/**
 * Makes every request for a database connection fail as a refused TCP connection does, until
 * the returned function is called: the database "goes away" and "comes back" on either engine.
 */
function refuseConnections(db: Db): () => void {
  const client = db.client as { acquireConnection: () => Promise<unknown> };
  const acquire = client.acquireConnection;
  client.acquireConnection = () => Promise.reject(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }));
  return () => {
    client.acquireConnection = acquire;
  };
}

async function until<T>(probe: () => Promise<T | undefined | false>, what: string, timeoutMs = 10_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('when nothing answers on the database port', () => {
  let db: Db;
  let quietKnex: jest.SpyInstance;
  beforeAll(() => {
    db = createDb({ databaseUrl: CLOSED_PORT_URL });
    quietKnex = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  });
  afterAll(async () => {
    quietKnex.mockRestore();
    await db.destroy();
  });

  it('shows readers a friendly 503 page with Retry-After at once, never a hang or an internal message', async () => {
    const started = Date.now();
    const res = await supertest(appOn(db)).get('/').expect(503);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.text).toContain('Temporarily unavailable');
    expect(res.text).toContain('try again shortly');
    expect(res.text).toContain(`reference <code>${res.headers['x-request-id']}</code>`);
    expect(res.text).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|postgres|at .*\.ts/);
  });

  it('answers JSON clients with a 503 saying when to retry', async () => {
    const res = await supertest(appOn(db)).get('/').set('Accept', 'application/json').expect(503);
    expect(res.body).toMatchObject({ error: 'Temporarily unavailable', retry_after: 5, request_id: res.headers['x-request-id'] });
  });

  it('fails /healthz and /readyz quickly', async () => {
    for (const probe of ['/healthz', '/readyz']) {
      const res = await supertest(appOn(db)).get(probe).expect(503);
      expect(res.body).toMatchObject({ status: 'unavailable', database: 'down' });
    }
  });
});

describe('/readyz', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb({ migrate: false });
    await t.db.raw('select 1'); // the embedded engine starts on first use, which can take longer than a probe waits
  });
  afterAll(() => t.drop());

  it('is not ready while migrations are pending, though /healthz is alive, and ready once they ran', async () => {
    const app = appOn(t.db);
    expect((await supertest(app).get('/readyz').expect(503)).body).toEqual({ status: 'unavailable', database: 'up', schema: 'behind' });
    await supertest(app).get('/healthz').expect(200);
    await migrateToLatest(t.db);
    expect((await supertest(app).get('/readyz').expect(200)).body).toEqual({ status: 'ok', database: 'up', schema: 'current' });
  });
});

describe('an editor saving while the database is away', () => {
  let t: TestApp;
  let agent: Agent;
  beforeAll(async () => {
    t = await startTestApp({ seed: true });
    ({ agent } = await t.signedIn());
  });
  afterAll(() => t.drop());

  it('gets a 503 that keeps everything typed, and sending it again once the database is back saves it, once', async () => {
    const form = formOnPage((await agent.get('/disputes/new').expect(200)).text);
    const title = 'Was the "bridge" <b>hit</b> on 3 June & again?';
    const body = withChanges(form.pairs, {
      title, summary: 'Line one\nLine two: “quoted” — ünïcode', position_label: ['Hit twice', 'Never hit', '', '', '', ''], state: 'published',
    });
    const comeBack = refuseConnections(t.db);
    const refused = await agent.post(form.action).type('form').send(body);
    comeBack();

    expect(refused.status).toBe(503);
    expect(refused.headers['retry-after']).toBe('5');
    expect(refused.text).toContain('What you sent has not been saved yet');
    const again = formOnPage(refused.text);
    expect(again.action).toBe('/disputes');
    expect(again.pairs).toEqual(expect.arrayContaining([['title', title], ['summary', 'Line one\nLine two: “quoted” — ünïcode']]));
    expect(again.pairs.filter(([name]) => name === 'position_label').map(([, v]) => v)).toEqual(['Hit twice', 'Never hit', '', '', '', '']);
    expect(refused.text).toContain('type="hidden" name="_csrf"');

    const sent = await agent.post(again.action).type('form').send(withChanges(again.pairs, {}));
    expect(sent.status).toBe(303);
    const saved = await t.db('disputes').where({ title });
    expect(saved).toHaveLength(1);
    const positions = await t.db('positions').where({ dispute_id: saved[0].id }).orderBy('sort_order').pluck('label');
    expect(positions).toEqual(['Hit twice', 'Never hit']);
  });

  it('never shows a password again: the resubmit form asks for it afresh', async () => {
    const browser = t.agent();
    const token = csrfFrom((await browser.get('/signin').expect(200)).text);
    const password = 'my very secret passphrase';
    const comeBack = refuseConnections(t.db);
    const res = await browser.post('/signin').type('form').send({ _csrf: token, email: 'someone@example.org', password });
    comeBack();
    expect(res.status).toBe(503);
    expect(res.text).not.toContain(password);
    expect(res.text).toMatch(/<input id="resubmit-\d+" name="password" type="password"/);
    expect(formOnPage(res.text).pairs).toEqual(expect.arrayContaining([['email', 'someone@example.org']]));
  });
});

describe('an editor whose save fails with a 503 just after signing in on the kept-form page', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await installFailpoint(t.db);
  });
  afterAll(() => t.drop());

  it('sends it again from the 503 page with the new session’s token, at the first try', async () => {
    const { agent, editor } = await t.signedIn();
    const oldToken = csrfFrom((await agent.get('/sources/new').expect(200)).text);
    await agent.post('/signout').type('form').send(encodeForm({ _csrf: csrfFrom((await agent.get('/').expect(200)).text) })).expect(303);
    const source = { name: 'Kept through a 503', kind: 'person', description: `Saved at the second try ${BUSY_FAILPOINT}` };
    const kept = await agent.post('/sources').set({ Host: 'counterclaim.test', Origin: 'http://counterclaim.test' }).type('form').send(encodeForm({ _csrf: oldToken, ...source }));
    expect(kept.status).toBe(401);
    const keptForm = formOnPage(kept.text);

    const unavailable = await agent.post(keptForm.action).type('form')
      .send(withChanges(keptForm.pairs, { _signin_email: editor.email, _signin_password: PASSWORD }));
    expect(unavailable.status).toBe(503);
    const again = formOnPage(unavailable.text);
    const tokens = again.pairs.filter(([name]) => name === '_csrf');
    expect(tokens).toHaveLength(1);

    const sent = await agent.post(again.action).type('form').send(withChanges(again.pairs, { description: 'Saved at the second try' }));
    expect(sent.status).toBe(303);
    expect(await t.db('sources').where({ name: source.name })).toHaveLength(1);
  });
});

const onPostgres = usingPostgres ? describe : describe.skip;

onPostgres('a PostgreSQL server dropping connections (PostgreSQL only: the embedded engine has no connections to lose)', () => {
  let t: TestDb;
  let db: Db;
  let admin: Knex;
  let logs: string[];
  let app: ReturnType<typeof appOn>;
  const crashes: unknown[] = [];
  const onCrash = (err: unknown) => crashes.push(err);

  beforeAll(async () => {
    t = await createTestDb();
    const captured = capturedLogger();
    logs = captured.lines;
    db = createDb({ databaseUrl: t.url, poolMax: 3, logger: captured.logger });
    app = appOn(db, captured.logger);
    admin = knexFactory({ client: 'pg', connection: { connectionString: t.url, application_name: 'cc-test-admin' }, pool: { min: 0, max: 2 } });
    process.on('uncaughtException', onCrash);
  });
  afterAll(async () => {
    process.off('uncaughtException', onCrash);
    await admin.destroy();
    await db.destroy();
    await t.drop();
  });

  function appBackends(condition = 'true'): Promise<number[]> {
    return admin
      .raw(`select pid from pg_stat_activity where datname = current_database() and application_name = 'counterclaim' and ${condition}`)
      .then((r) => r.rows.map((row: { pid: number }) => row.pid));
  }

  async function terminate(pids: number[]): Promise<void> {
    for (const pid of pids) await admin.raw('select pg_terminate_backend(?)', [pid]);
  }

  it('an idle pooled connection killed by the server neither crashes the process nor fails the next request', async () => {
    await Promise.all([1, 2, 3].map(() => supertest(app).get('/').expect(200)));
    const idle = await until(async () => {
      const pids = await appBackends("state = 'idle'");
      return pids.length > 0 && pids;
    }, 'idle pooled connections');
    await terminate(idle);
    // A request that takes a killed connection before its notice arrives gets a 503 (that race is the
    // outage); once every notice is in, the pool has dropped them all and opens fresh ones.
    await until(async () => logs.filter((line) => line.includes('database connection lost')).length >= idle.length, 'the pool to notice');
    for (let i = 0; i < 5; i += 1) await supertest(app).get('/').expect(200);
    expect(crashes).toEqual([]);
  });

  it('a connection killed in the middle of a query costs that request a 503, and the next one is served', async () => {
    const lostBefore = logs.filter((line) => line.includes('database connection lost')).length;
    let killed: number[] = [];
    await admin.transaction(async (trx) => {
      await trx.raw('lock table disputes in access exclusive mode');
      const reading = supertest(app).get('/').then((res) => res);
      killed = await until(async () => {
        const pids = await appBackends("wait_event_type = 'Lock'");
        return pids.length > 0 && pids;
      }, 'the request to wait on the lock');
      await terminate(killed);
      const res = await reading;
      expect(res.status).toBe(503);
      expect(res.headers['retry-after']).toBe('5');
    });
    // The page runs its queries side by side: the request fails at the first lost connection, and
    // the next must not be sent before the pool has heard of every one (that wait is the outage).
    await until(async () => logs.filter((line) => line.includes('database connection lost')).length >= lostBefore + killed.length, 'the pool to notice');
    await supertest(app).get('/').expect(200);
    expect(crashes).toEqual([]);
  });

  it('a request stuck behind a lock gives up after lock_timeout with a 503 rather than piling up', async () => {
    await admin.transaction(async (trx) => {
      await trx.raw('lock table disputes in access exclusive mode');
      const started = Date.now();
      const res = await supertest(app).get('/');
      expect(res.status).toBe(503);
      expect(Date.now() - started).toBeLessThan(10_000);
    });
    await supertest(app).get('/').expect(200);
  });
});

describe('every multi-row write is one transaction: a save that fails at its last statement leaves nothing behind', () => {
  let t: TestApp;
  let agent: Agent;
  let slug: string;
  let claimId: number;
  let otherClaimId: number;
  let sourceSlug: string;
  let positionId: number;
  let sourceId: number;

  beforeAll(async () => {
    t = await startTestApp({ seed: true });
    await installFailpoint(t.db);
    ({ agent } = await t.signedIn());
    const dispute = await t.db('disputes').orderBy('id').first();
    slug = dispute.slug;
    const claims = await t.db('claims').where({ dispute_id: dispute.id }).orderBy('id');
    [claimId, otherClaimId] = [claims[0].id, claims[1].id];
    positionId = claims[0].position_id;
    sourceId = claims[0].source_id;
    sourceSlug = (await t.db('sources').where({ id: sourceId }).first()).slug;
  });
  afterAll(() => t.drop());

  const content = async () => (await exportDatabase(t.db, { withAccounts: false })).tables;

  async function save(formPage: string, changes: Record<string, string | string[]>) {
    const form = formOnPage((await agent.get(formPage).expect(200)).text);
    return agent.post(form.action).type('form').send(withChanges(form.pairs, changes));
  }

  const claimFields = (text: string) => ({
    position_id: String(positionId), source_id: String(sourceId), text, wording: 'verbatim', said_on: '2023-05-23',
    said_on_precision: 'day', venue: 'Interview', status: 'unverified', rationale: 'Not yet checked.',
  });

  const writes: Array<[string, () => Promise<supertest.Response>]> = [
    ['a new dispute with its positions', () => save('/disputes/new', { title: `${FAILPOINT} dispute`, position_label: ['Yes', 'No', '', '', '', ''], state: 'published' })],
    ['an edit of a dispute and its positions', () => save(`/disputes/${slug}/edit`, { summary: `${FAILPOINT} summary` })],
    ['a new claim with its first status (and the dispute it touches)', () => save(`/disputes/${slug}/claims/new`, claimFields(`${FAILPOINT} claim`))],
    ['a new verification status with its timeline entry', () => save(`/claims/${claimId}/status`, { status: 'false', rationale: `${FAILPOINT} rationale` })],
    ['an edit of a source (and the disputes that quote it)', () => save(`/sources/${sourceSlug}/edit`, { description: `${FAILPOINT} description` })],
    ['a link between two claims', () => save(`/claims/${claimId}/links/new`, { to_claim_id: String(otherClaimId), type: 'supports', note: `${FAILPOINT} note` })],
  ];

  it.each(writes)('%s', async (_what, write) => {
    const before = await content();
    const res = await write();
    expect(res.status).toBe(500);
    expect(await content()).toEqual(before);
  });

  it('while the same saves without the failpoint land whole', async () => {
    const res = await save('/disputes/new', { title: 'A dispute that lands', position_label: ['Yes', 'No', '', '', '', ''], state: 'published' });
    expect(res.status).toBe(303);
    const dispute = await t.db('disputes').where({ title: 'A dispute that lands' }).first();
    expect(await t.db('positions').where({ dispute_id: dispute.id }).count({ n: '*' }).first()).toEqual({ n: 2 });
    expect(await t.db('revisions').where({ entity_type: 'dispute', entity_id: dispute.id }).count({ n: '*' }).first()).toEqual({ n: 1 });
  });
});
