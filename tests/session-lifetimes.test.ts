import { csrfFrom, encodeForm, PASSWORD, startTestApp, TestApp, visibleText } from './support/app';
import { sessionCookie, cookieExpiry, sidHashOf, signInWithCookie, showsSignedIn, withCookie, countRows } from './support/sessions';

// How long a session lasts: the idle limit, the absolute lifetime, and the stored expiry that follows them.

describe('a one-minute idle limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { SESSION_IDLE_MINUTES: '1' } });
  });
  afterAll(() => t.drop());

  it('still moves the stored expiry of a busy session forward (a tenth of the limit behind is enough)', async () => {
    const { agent, cookie } = await signInWithCookie(t);
    expect(await showsSignedIn(agent)).toBe(true);
    const row = () => t.db('sessions').where({ sid_hash: sidHashOf(cookie) });
    await row().update({ expires_at: new Date(Date.now() + 50_000) });
    expect(await showsSignedIn(agent)).toBe(true);
    expect(new Date((await row().first('expires_at')).expires_at).getTime()).toBeGreaterThan(Date.now() + 55_000);
  });
});

describe('session lifetimes', () => {
  let t: TestApp;
  let unconfigured: TestApp;
  beforeAll(async () => {
    [t, unconfigured] = await Promise.all([
      startTestApp({ env: { SESSION_IDLE_MINUTES: '5', SESSION_MAX_HOURS: '2' } }),
      startTestApp(),
    ]);
  });
  afterAll(() => Promise.all([t.drop(), unconfigured.drop()]));

  const MINUTE = 60_000;

  async function setSignedInAt(cookie: string, at: number): Promise<void> {
    await t.db('sessions').where({ sid_hash: sidHashOf(cookie) })
      .update({ data: t.db.raw(`jsonb_set(data, '{signedInAt}', ?::jsonb)`, [String(at)]) });
  }

  async function expiresAt(cookie: string): Promise<number> {
    const row = await t.db('sessions').where({ sid_hash: sidHashOf(cookie) }).first('expires_at');
    return new Date(row.expires_at).getTime();
  }

  it('gives the cookie and the stored session the configured idle timeout', async () => {
    const { agent } = await signInWithCookie(t);
    const sent = Date.now();
    const res = await agent.get('/').expect(200);
    const cookie = sessionCookie(res)!;
    // rolling: every response renews the cookie for the idle period
    expect(cookieExpiry(res)).toBeGreaterThan(sent + 5 * MINUTE - 2000);
    expect(cookieExpiry(res)).toBeLessThanOrEqual(Date.now() + 5 * MINUTE + 1000);
    const expires = await expiresAt(cookie);
    expect(expires).toBeGreaterThan(sent + 5 * MINUTE - 2000);
    expect(expires).toBeLessThanOrEqual(Date.now() + 5 * MINUTE + 1000);
  });

  it('pushes the idle expiry forward on every request', async () => {
    const { agent, cookie } = await signInWithCookie(t);
    await t.db('sessions').where({ sid_hash: sidHashOf(cookie) }).update({ expires_at: new Date(Date.now() + MINUTE) });
    expect(await showsSignedIn(agent)).toBe(true);
    expect(await expiresAt(cookie)).toBeGreaterThan(Date.now() + 4 * MINUTE);
  });

  it('leaves the stored expiry alone while it is less than a minute behind: no write per page view', async () => {
    const { agent, cookie } = await signInWithCookie(t);
    expect(await showsSignedIn(agent)).toBe(true); // shows, and so changes, the sign-in notice
    const stored = await expiresAt(cookie);
    expect(await showsSignedIn(agent)).toBe(true);
    expect(await showsSignedIn(agent)).toBe(true);
    expect(await expiresAt(cookie)).toBe(stored);
    await t.db('sessions').where({ sid_hash: sidHashOf(cookie) }).update({ expires_at: new Date(Date.now() + 5 * MINUTE - 61_000) });
    expect(await showsSignedIn(agent)).toBe(true);
    expect(await expiresAt(cookie)).toBeGreaterThan(Date.now() + 5 * MINUTE - 61_000 + 30_000);
  });

  it('signs the editor out once the session has been idle too long', async () => {
    const { agent, cookie } = await signInWithCookie(t);
    expect(await showsSignedIn(agent)).toBe(true);
    await t.db('sessions').where({ sid_hash: sidHashOf(cookie) }).update({ expires_at: new Date(Date.now() - 1000) });
    expect(visibleText((await withCookie(t, cookie, '/').expect(200)).text)).toContain('Editors: sign in');
    const res = await withCookie(t, cookie, '/sources/new').expect(303);
    expect(res.headers.location).toBe('/signin?next=%2Fsources%2Fnew');
  });

  it('keeps a busy session only until its absolute lifetime is over', async () => {
    const { agent, cookie } = await signInWithCookie(t);
    await setSignedInAt(cookie, Date.now() - 119 * MINUTE);
    expect(await showsSignedIn(agent)).toBe(true);

    await setSignedInAt(cookie, Date.now() - 121 * MINUTE);
    expect(await showsSignedIn(agent)).toBe(false);
    expect(await countRows(t, 'sessions', { sid_hash: sidHashOf(cookie) })).toBe(0);
    const res = await withCookie(t, cookie, '/disputes/new').expect(303);
    expect(res.headers.location).toBe('/signin?next=%2Fdisputes%2Fnew');
  });

  it('lets an editor whose session just ran out sign straight in again', async () => {
    const { agent, cookie, editor } = await signInWithCookie(t);
    await setSignedInAt(cookie, Date.now() - 121 * MINUTE);
    const form = await agent.get('/signin?next=%2Fsources%2Fnew').expect(200);
    const res = await agent.post('/signin').type('form')
      .send(encodeForm({ _csrf: csrfFrom(form.text), email: editor.email, password: PASSWORD, next: '/sources/new' })).expect(303);
    expect(res.headers.location).toBe('/sources/new');
    await agent.get('/sources/new').expect(200);
  });

  it('uses the defaults of 30 idle minutes and 12 hours without configuration', async () => {
    const { agent, cookie } = await signInWithCookie(unconfigured);
    const sent = Date.now();
    const res = await agent.get('/').expect(200);
    expect(cookieExpiry(res)).toBeGreaterThan(sent + 30 * MINUTE - 2000);
    expect(cookieExpiry(res)).toBeLessThanOrEqual(Date.now() + 30 * MINUTE + 1000);
    const stored = () => unconfigured.db('sessions').where({ sid_hash: sidHashOf(cookie) });
    await stored().update({ data: unconfigured.db.raw(`jsonb_set(data, '{signedInAt}', ?::jsonb)`, [String(Date.now() - 11 * 60 * MINUTE)]) });
    expect(await showsSignedIn(agent)).toBe(true);
    await stored().update({ data: unconfigured.db.raw(`jsonb_set(data, '{signedInAt}', ?::jsonb)`, [String(Date.now() - 13 * 60 * MINUTE)]) });
    expect(await showsSignedIn(agent)).toBe(false);
  });
});
