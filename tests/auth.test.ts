import { createHash } from 'node:crypto';
import pino from 'pino';
import supertest from 'supertest';
import type { Response } from 'supertest';
import { createApp } from '../server/app';
import { loadConfig } from '../server/config';
import {
  addEditor, Agent, csrfFrom, encodeForm, Fields, PASSWORD, signIn, startTestApp, submitForm, TestApp, visibleText,
} from './support/app';
import type { TestDb } from './support/db';
import { SIGN_IN_LIMITS } from '../server/http/sign-in';

const LOSSES = 'freedom-of-russia-legion-losses-belgorod-may-2023';
const WRONG_CREDENTIALS = 'That email and password do not match an active editor account.';
const THROTTLED = 'Too many failed sign-ins from this connection.';

function findSessionSetCookie(res: Response): string | undefined {
  return ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('cc_session='));
}

/** The cc_session cookie a response sets, as a browser would send it back ("cc_session=…"). */
function sessionCookie(res: Response): string | undefined {
  return findSessionSetCookie(res)?.split(';')[0];
}

/** The whole Set-Cookie line for cc_session, with its attributes. */
function setCookieHeader(res: Response): string {
  const cookie = findSessionSetCookie(res);
  if (!cookie) throw new Error('no cc_session cookie set');
  return cookie;
}

/** The whole Set-Cookie line for the anonymous form token's cookie. */
function formCookieHeader(res: Response): string {
  const cookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => /^(?:__Host-)?cc_form=/.test(c));
  if (!cookie) throw new Error('no cc_form cookie set');
  return cookie;
}

/** When the browser will drop the session cookie, in ms since the epoch. */
function cookieExpiry(res: Response): number {
  const expires = setCookieHeader(res).match(/Expires=([^;]+)/);
  if (!expires) throw new Error('the session cookie has no expiry');
  return new Date(expires[1]).getTime();
}

/** The sessions-table key for a cookie: the sha256 of the unsigned session id. */
function sidHashOf(cookie: string): string {
  const signed = decodeURIComponent(cookie.slice('cc_session='.length));
  const sid = signed.slice(2, signed.lastIndexOf('.'));
  return createHash('sha256').update(sid).digest('hex');
}

/** A new editor signed in through the form, with the session cookie they were given. */
async function signInWithCookie(t: TestApp) {
  const editor = await addEditor(t);
  const agent = t.agent();
  const res = await submitForm(agent, '/signin', '/signin', { email: editor.email, password: PASSWORD });
  expect(res.status).toBe(303);
  const cookie = sessionCookie(res)!;
  expect(cookie).toBeDefined();
  return { agent, cookie, editor };
}

async function showsSignedIn(agent: Agent): Promise<boolean> {
  const text = visibleText((await agent.get('/').expect(200)).text);
  return text.includes('Sign out');
}

/** A request carrying exactly this cookie, from a browser with no other state. */
function withCookie(t: TestApp, cookie: string, path: string) {
  return supertest(t.app).get(path).set('Cookie', cookie);
}

async function countRows(t: Pick<TestDb, 'db'>, table: string, where: Record<string, unknown> = {}): Promise<number> {
  return Number((await t.db(table).where(where).count({ n: '*' }).first())!.n);
}

// Two shared databases keep this file quick on PGlite: one with default settings and
// no content, one with the founding case. Suites that need something else start their own.
let plain: TestApp;
let seeded: TestApp;
beforeAll(async () => {
  [plain, seeded] = await Promise.all([startTestApp(), startTestApp({ seed: true })]);
});
afterAll(() => Promise.all([plain.drop(), seeded.drop()]));

describe('signing in and out', () => {
  let t: TestApp;
  beforeAll(() => {
    t = plain;
  });
  // Every attempt in this file comes from the same address; start each test with a clean slate.
  beforeEach(() => t.db('sign_in_attempts').delete());

  it('signs an editor in with a redirect, after which pages offer "Sign out" with their name', async () => {
    const editor = await addEditor(t);
    const agent = t.agent();
    expect(visibleText((await agent.get('/').expect(200)).text)).toContain('Editors: sign in');
    const res = await signIn(agent, editor.email, PASSWORD).expect(303);
    expect(res.headers.location).toBe('/');
    const home = visibleText((await agent.get('/').expect(200)).text);
    expect(home).toContain(`Sign out (${editor.name})`);
    expect(home).not.toContain('Editors: sign in');
    expect(visibleText((await agent.get('/sources').expect(200)).text)).toContain('Sign out');
    expect((await t.db('editors').where({ id: editor.id }).first()).last_sign_in_at).not.toBeNull();
  });

  it('accepts the email in any letter case', async () => {
    const editor = await addEditor(t);
    await signIn(t.agent(), editor.email.toUpperCase(), PASSWORD).expect(303);
  });

  it('answers a wrong password, an unknown email and a disabled account identically', async () => {
    const editor = await addEditor(t);
    const disabled = await addEditor(t);
    await t.db('editors').where({ id: disabled.id }).update({ disabled_at: t.db.fn.now() });

    const browsers = [t.agent(), t.agent(), t.agent()];
    const wrongPassword = await signIn(browsers[0], editor.email, 'not the password at all').expect(401);
    const unknownEmail = await signIn(browsers[1], 'nobody-here@example.org', 'not the password at all').expect(401);
    const disabledAccount = await signIn(browsers[2], disabled.email, PASSWORD).expect(401);
    for (const res of [wrongPassword, unknownEmail, disabledAccount]) {
      expect(visibleText(res.text)).toContain(WRONG_CREDENTIALS);
    }
    for (const browser of browsers) expect(await showsSignedIn(browser)).toBe(false);
    expect(visibleText(unknownEmail.text)).toBe(visibleText(wrongPassword.text));
    expect(visibleText(disabledAccount.text)).toBe(visibleText(wrongPassword.text));
    // The email is kept in the form so the editor can correct the password.
    expect(wrongPassword.text).toContain(`value="${editor.email}"`);
  });

  it('refuses empty or malformed input with 422, keeping the email', async () => {
    const empty = await signIn(t.agent(), '', '').expect(422);
    expect(visibleText(empty.text)).toContain('Enter email.');
    expect(visibleText(empty.text)).toContain('Enter your password.');

    const malformed = await signIn(t.agent(), 'not-an-email', 'some password').expect(422);
    expect(visibleText(malformed.text)).toContain('Enter an email address like name@example.org.');
    expect(malformed.text).toContain('value="not-an-email"');

    const noPassword = await signIn(t.agent(), 'someone@example.org', '').expect(422);
    expect(visibleText(noPassword.text)).toContain('Enter your password.');
    expect(noPassword.text).toContain('value="someone@example.org"');
  });

  it('sets the form cookie before sign-in and the session cookie after it HttpOnly and SameSite=Lax', async () => {
    const editor = await addEditor(t);
    const agent = t.agent();
    const form = await agent.get('/signin').expect(200);
    const signedIn = await agent.post('/signin').type('form')
      .send(encodeForm({ _csrf: csrfFrom(form.text), email: editor.email, password: PASSWORD })).expect(303);
    for (const cookie of [formCookieHeader(form), setCookieHeader(signedIn)]) {
      expect(cookie).toMatch(/;\s*HttpOnly/i);
      expect(cookie).toMatch(/;\s*SameSite=Lax/i);
      expect(cookie).toMatch(/;\s*Path=\//);
    }
  });

  it('gives a new session id at sign-in, so the id from before is worth nothing', async () => {
    // Showing the form stores no session; a session from before (here: another editor's) is replaced.
    const { agent, cookie: before } = await signInWithCookie(t);
    const editor = await addEditor(t);
    expect(await countRows(t, 'sessions', { sid_hash: sidHashOf(before) })).toBe(1);
    const form = await agent.get('/').expect(200);
    const res = await agent.post('/signin').type('form')
      .send(encodeForm({ _csrf: csrfFrom(form.text), email: editor.email, password: PASSWORD })).expect(303);
    const after = sessionCookie(res)!;
    expect(after).toBeDefined();
    expect(after).not.toBe(before);

    expect(await countRows(t, 'sessions', { sid_hash: sidHashOf(before) })).toBe(0);
    const row = await t.db('sessions').where({ sid_hash: sidHashOf(after) }).first();
    expect(row.data.editorId).toBe(editor.id);
    // Only a hash of the id is stored, never the id itself.
    expect(JSON.stringify(row)).not.toContain(decodeURIComponent(after.slice('cc_session='.length)).slice(2, 20));

    expect(visibleText((await withCookie(t, before, '/').expect(200)).text)).not.toContain('Sign out');
    expect(visibleText((await withCookie(t, after, '/').expect(200)).text)).toContain('Sign out');
    // A session id with a forged signature is ignored.
    const forged = after.replace(/\.[^.]+$/, '.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    expect(visibleText((await withCookie(t, forged, '/').expect(200)).text)).not.toContain('Sign out');
  });

  it('ends the session on sign-out: the row is deleted and the old cookie signs nobody in', async () => {
    const { agent, cookie } = await signInWithCookie(t);
    const home = await agent.get('/').expect(200);
    const res = await agent.post('/signout').type('form').send(encodeForm({ _csrf: csrfFrom(home.text) })).expect(303);
    expect(res.headers.location).toBe('/');
    expect(setCookieHeader(res)).toMatch(/Expires=Thu, 01 Jan 1970/);
    expect(await countRows(t, 'sessions', { sid_hash: sidHashOf(cookie) })).toBe(0);

    expect(await showsSignedIn(agent)).toBe(false);
    expect(visibleText((await withCookie(t, cookie, '/').expect(200)).text)).toContain('Editors: sign in');
    const replay = await withCookie(t, cookie, '/disputes/new').expect(303);
    expect(replay.headers.location).toBe('/signin?next=%2Fdisputes%2Fnew');
  });

  it('refuses a sign-out without the form token, leaving the editor signed in', async () => {
    const { agent } = await signInWithCookie(t);
    await agent.post('/signout').type('form').send('').expect(403);
    expect(await showsSignedIn(agent)).toBe(true);
  });

  it('ends the session of an editor who has been disabled since signing in', async () => {
    const { agent, cookie, editor } = await signInWithCookie(t);
    await t.db('editors').where({ id: editor.id }).update({ disabled_at: t.db.fn.now() });
    const signInPage = await agent.get('/signin').expect(200);
    expect(visibleText(signInPage.text)).toContain('Editors: sign in');
    expect(await showsSignedIn(agent)).toBe(false);
    expect(await countRows(t, 'sessions', { sid_hash: sidHashOf(cookie) })).toBe(0);
  });

  it('answers /setup with 404 once an editor exists', async () => {
    await addEditor(t);
    const agent = t.agent();
    await agent.get('/setup').expect(404);
    const token = csrfFrom((await agent.get('/signin').expect(200)).text);
    const before = await countRows(t, 'editors');
    const res = await agent.post('/setup').type('form').send(encodeForm({
      _csrf: token, name: 'Intruder', email: 'intruder@example.org', password: 'long enough password', password_confirm: 'long enough password',
    })).expect(404);
    expect(visibleText(res.text)).toContain('Page not found');
    expect(await countRows(t, 'editors')).toBe(before);
  });
});

describe('where sign-in leads', () => {
  let t: TestApp;
  beforeAll(() => {
    t = seeded;
  });

  async function signInTo(next: string): Promise<string> {
    const editor = await addEditor(t);
    const res = await submitForm(t.agent(), '/signin', '/signin', { email: editor.email, password: PASSWORD, next });
    expect(res.status).toBe(303);
    return res.headers.location;
  }

  it('returns to the local page that asked for sign-in', async () => {
    const agent = t.agent();
    const asked = await agent.get(`/disputes/${LOSSES}/edit`).expect(303);
    expect(asked.headers.location).toBe(`/signin?next=${encodeURIComponent(`/disputes/${LOSSES}/edit`)}`);
    const form = await agent.get(asked.headers.location).expect(200);
    const next = form.text.match(/name="next" value="([^"]*)"/)![1];
    expect(next).toBe(`/disputes/${LOSSES}/edit`);
    const editor = await addEditor(t);
    const res = await agent.post('/signin').type('form')
      .send(encodeForm({ _csrf: csrfFrom(form.text), email: editor.email, password: PASSWORD, next })).expect(303);
    expect(res.headers.location).toBe(`/disputes/${LOSSES}/edit`);
    await agent.get(res.headers.location).expect(200);
  });

  it('keeps local paths with a query string', async () => {
    expect(await signInTo('/sources?page=1')).toBe('/sources?page=1');
  });

  it('never sends the editor to another site', async () => {
    for (const next of ['//evil.example', 'https://evil.example', 'http://evil.example/signin', '/\\evil.example', 'javascript:alert(1)', 'evil.example']) {
      expect(await signInTo(next)).toBe('/');
    }
    // Browsers drop tabs and newlines from addresses: "/\t/evil.example" must not become "//evil.example".
    for (const next of ['/\t/evil.example', '/\n/evil.example', '/%2F/evil.example']) {
      const location = await signInTo(next);
      expect(new URL(location, 'http://counterclaim.test').host).toBe('counterclaim.test');
      expect(location).not.toMatch(/^\/[\t\n]*\//);
    }
  });

  it('sends an already signed-in editor straight on, but only to local paths', async () => {
    const { agent } = await t.signedIn();
    expect((await agent.get('/signin?next=%2Fsources').expect(303)).headers.location).toBe('/sources');
    expect((await agent.get('/signin?next=%2F%2Fevil.example').expect(303)).headers.location).toBe('/');
    expect((await agent.get('/signin?next=https%3A%2F%2Fevil.example').expect(303)).headers.location).toBe('/');
  });
});

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
  beforeAll(async () => {
    t = await startTestApp({ env: { SESSION_IDLE_MINUTES: '5', SESSION_MAX_HOURS: '2' } });
  });
  afterAll(() => t.drop());

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
    const { agent, cookie } = await signInWithCookie(plain);
    const sent = Date.now();
    const res = await agent.get('/').expect(200);
    expect(cookieExpiry(res)).toBeGreaterThan(sent + 30 * MINUTE - 2000);
    expect(cookieExpiry(res)).toBeLessThanOrEqual(Date.now() + 30 * MINUTE + 1000);
    const stored = () => plain.db('sessions').where({ sid_hash: sidHashOf(cookie) });
    await stored().update({ data: plain.db.raw(`jsonb_set(data, '{signedInAt}', ?::jsonb)`, [String(Date.now() - 11 * 60 * MINUTE)]) });
    expect(await showsSignedIn(agent)).toBe(true);
    await stored().update({ data: plain.db.raw(`jsonb_set(data, '{signedInAt}', ?::jsonb)`, [String(Date.now() - 13 * 60 * MINUTE)]) });
    expect(await showsSignedIn(agent)).toBe(false);
  });
});

describe('behind a reverse proxy (TRUST_PROXY=loopback)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { TRUST_PROXY: 'loopback' } });
  });
  afterAll(() => t.drop());

  it('marks the form cookie Secure (and __Host-) when the proxy says the request came over HTTPS', async () => {
    const res = await t.agent().get('/signin').set('X-Forwarded-Proto', 'https').expect(200);
    expect(formCookieHeader(res)).toMatch(/^__Host-cc_form=.*;\s*Secure/i);
  });

  it('throttles by the address the proxy saw, not one the client made up', async () => {
    const editor = await addEditor(t);
    // The client sends "X-Forwarded-For: 10.9.9.9"; the proxy appends the address it saw.
    const viaProxy = (agent: Agent) => agent.set('X-Forwarded-For', '10.9.9.9, 198.51.100.20');
    await signIn(viaProxy(t.agent()), editor.email, 'wrong password').expect(401);
    expect(await t.db('sign_in_attempts').pluck('ip')).toEqual(['198.51.100.20']);

    await t.db('sign_in_attempts').insert(Array.from({ length: SIGN_IN_LIMITS.perAddress }, (_, i) => ({ email: `guess${i}@example.org`, ip: '198.51.100.20' })));
    const throttled = await signIn(viaProxy(t.agent()), editor.email, PASSWORD).expect(429);
    expect(visibleText(throttled.text)).toContain(THROTTLED);
    // Another client behind the same proxy is not affected.
    await signIn(t.agent().set('X-Forwarded-For', '198.51.100.21'), editor.email, PASSWORD).expect(303);
  });
});

describe('creating the first editor at /setup', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.drop());

  const NEW_PASSWORD = 'a long first password';

  async function setup(agent: Agent, fields: Fields) {
    return submitForm(agent, '/setup', '/setup', fields);
  }

  it('refuses bad input with 422 and a message per field, creating nobody', async () => {
    const page = visibleText((await t.agent().get('/setup').expect(200)).text);
    expect(page).toContain('Create the first editor');

    const short = await setup(t.agent(), { name: 'Ada', email: 'ada@example.org', password: 'elevenchars', password_confirm: 'elevenchars' });
    expect(short.status).toBe(422);
    expect(visibleText(short.text)).toContain('Use at least 12 characters.');
    expect(short.text).toContain('value="ada@example.org"');
    expect(short.text).toContain('value="Ada"');
    expect(short.text).not.toContain('value="elevenchars"');

    const mismatch = await setup(t.agent(), { name: 'Ada', email: 'ada@example.org', password: NEW_PASSWORD, password_confirm: `${NEW_PASSWORD}!` });
    expect(mismatch.status).toBe(422);
    expect(visibleText(mismatch.text)).toContain('The two passwords differ.');

    const empty = await setup(t.agent(), { name: '', email: 'ada', password: '', password_confirm: '' });
    expect(empty.status).toBe(422);
    expect(visibleText(empty.text)).toContain('Enter name.');
    expect(visibleText(empty.text)).toContain('Enter an email address like name@example.org.');

    expect(await countRows(t, 'editors')).toBe(0);
  });

  it('creates the first editor as admin and signs them in; a set-up racing it gets 404', async () => {
    const browsers = [t.agent(), t.agent()];
    const people = [{ name: 'Ada Admin', email: 'Ada@Example.org' }, { name: 'Rival', email: 'rival@example.org' }];
    const tokens = await Promise.all(browsers.map(async (browser) => csrfFrom((await browser.get('/setup').expect(200)).text)));
    const responses = await Promise.all(browsers.map((browser, i) => browser.post('/setup').type('form')
      .send(encodeForm({ _csrf: tokens[i], ...people[i], password: NEW_PASSWORD, password_confirm: NEW_PASSWORD }))));
    expect(responses.map((res) => res.status).sort()).toEqual([303, 404]);

    const won = responses.findIndex((res) => res.status === 303);
    expect(responses[won].headers.location).toBe('/');
    expect(visibleText((await browsers[won].get('/').expect(200)).text)).toContain(`Sign out (${people[won].name})`);
    expect(visibleText((await browsers[1 - won].get('/').expect(200)).text)).not.toContain('Sign out');

    const editors = await t.db('editors').select('email', 'name', 'role', 'password_hash');
    expect(editors).toHaveLength(1);
    expect(editors[0]).toMatchObject({ email: people[won].email.toLowerCase(), name: people[won].name, role: 'admin' });
    expect(editors[0].password_hash).toMatch(/^\$argon2id\$/);
    expect(editors[0].password_hash).not.toContain(NEW_PASSWORD);

    await signIn(t.agent(), people[won].email, NEW_PASSWORD).expect(303);
  });

  it('disappears once the first editor exists', async () => {
    const agent = t.agent();
    await agent.get('/setup').expect(404);
    const token = csrfFrom((await agent.get('/signin').expect(200)).text);
    await agent.post('/setup').type('form').send(encodeForm({
      _csrf: token, name: 'Second', email: 'second@example.org', password: NEW_PASSWORD, password_confirm: NEW_PASSWORD,
    })).expect(404);
    expect(await countRows(t, 'editors')).toBe(1);
  });
});

describe('cross-site request forgery', () => {
  let t: TestApp;
  beforeAll(() => {
    t = seeded;
  });

  const SOURCE = { name: 'Forged Source', kind: 'organisation', edit_summary: 'test' };
  const forgedSources = () => countRows(t, 'sources', { name: SOURCE.name });

  it('refuses an editor’s write without the form token, with a wrong one, or with another session’s', async () => {
    const { agent } = await t.signedIn();
    const revisions = await countRows(t, 'revisions');
    const otherSessionToken = csrfFrom((await t.agent().get('/signin').expect(200)).text);
    const ownToken = csrfFrom((await agent.get('/sources/new').expect(200)).text);
    for (const token of [undefined, '', 'not-the-token', ownToken.slice(0, -1), otherSessionToken]) {
      const body = encodeForm(token === undefined ? SOURCE : { _csrf: token, ...SOURCE });
      const res = await agent.post('/sources').type('form').send(body).expect(403);
      expect(visibleText(res.text)).toContain('This form has expired');
    }
    expect(await forgedSources()).toBe(0);
    expect(await countRows(t, 'revisions')).toBe(revisions);
  });

  it('refuses a token sent as a repeated field', async () => {
    const { agent } = await t.signedIn();
    const token = csrfFrom((await agent.get('/sources/new').expect(200)).text);
    await agent.post('/sources').type('form').send(encodeForm({ _csrf: [token, token], ...SOURCE })).expect(403);
    expect(await forgedSources()).toBe(0);
  });

  it('accepts the same write with the session’s token', async () => {
    const { agent } = await t.signedIn();
    const res = await submitForm(agent, '/sources/new', '/sources', SOURCE);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/sources/forged-source');
    expect(await forgedSources()).toBe(1);
  });
});

describe('security log', () => {
  const lines: string[] = [];
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    await plain.db('sign_in_attempts').delete();
    // A logger without redaction: the app itself must never hand a password to the log.
    const logger = pino({ level: 'debug' }, { write: (line: string) => void lines.push(line) });
    app = createApp({ db: plain.db, config: loadConfig({ NODE_ENV: 'test' }), logger, sessionSecret: 'test secret' });
  });

  const events = () => lines.map((line) => JSON.parse(line)).filter((entry) => entry.msg === 'security').map((entry) => entry.event);

  it('records sign-ins, failures, sign-outs and refusals without any password', async () => {
    const editor = await addEditor(plain);
    const wrong = 'Tr0ub4dor&3 wrong guess';
    const browser = supertest.agent(app);
    await signIn(browser, editor.email, wrong).expect(401);
    await signIn(browser, editor.email, PASSWORD).expect(303);
    await browser.post('/sources').type('form').send(encodeForm({ name: 'x', kind: 'person' })).expect(403);
    const home = await browser.get('/').expect(200);
    await browser.post('/signout').type('form').send(encodeForm({ _csrf: csrfFrom(home.text) })).expect(303);
    await browser.get('/disputes/new').expect(303);

    expect(events()).toEqual(expect.arrayContaining(['sign_in_failed', 'sign_in', 'csrf_failed', 'sign_out', 'access_denied']));
    const log = lines.join('\n');
    expect(log).not.toContain(wrong);
    expect(log).not.toContain(PASSWORD);
    expect(log).not.toContain(editor.password_hash);
  });
});

// Last: its final test really writes through every editor route.
describe('editor routes and anonymous visitors', () => {
  let t: TestApp;
  let GET_ROUTES: string[];
  let POST_ROUTES: [string, Fields][];
  const EDITORIAL_TABLES = ['disputes', 'positions', 'claims', 'claim_links', 'sources', 'status_changes', 'revisions', 'editors'];

  async function snapshot() {
    const tables: Record<string, unknown[]> = {};
    for (const table of EDITORIAL_TABLES) tables[table] = await t.db(table).orderBy('id');
    return tables;
  }

  beforeAll(async () => {
    t = seeded;
    const dispute = await t.db('disputes').where({ slug: LOSSES }).first();
    const positions = await t.db('positions').where({ dispute_id: dispute.id }).orderBy('sort_order');
    const claim = await t.db('claims').whereIn('position_id', positions.map((p) => p.id)).orderBy('id').first();
    const otherClaim = await t.db('claims').whereNot({ id: claim.id }).orderBy('id', 'desc').first();
    const link = await t.db('claim_links').orderBy('id').first();
    const source = await t.db('sources').where({ slug: 'ilya-ponomarev' }).first();
    expect([dispute, claim, otherClaim, link, source].every(Boolean)).toBe(true);

    GET_ROUTES = [
      '/disputes/new',
      `/disputes/${LOSSES}/edit`,
      `/disputes/${LOSSES}/claims/new`,
      `/claims/${claim.id}/edit`,
      `/claims/${claim.id}/status`,
      `/claims/${claim.id}/links/new`,
      '/sources/new',
      `/sources/${source.slug}/edit`,
    ];
    const claimFields = {
      position_id: String(positions[0].id), source_id: String(source.id), text: 'An anonymous claim',
      wording: 'paraphrase', said_on: '2023-05-25', said_on_precision: 'day', venue: 'Nowhere', edit_summary: 'anonymous',
    };
    POST_ROUTES = [
      ['/disputes', { title: 'Anonymous dispute?', state: 'published', position_label: ['Yes', 'No'], edit_summary: 'anonymous' }],
      [`/disputes/${LOSSES}/edit`, {
        title: 'Defaced', state: 'published', version: String(dispute.version),
        position_label: positions.map((p) => p.label), position_id: positions.map((p) => String(p.id)), edit_summary: 'anonymous',
      }],
      [`/disputes/${LOSSES}/claims`, { ...claimFields, status: 'true', rationale: 'Because I say so' }],
      [`/claims/${claim.id}/edit`, { ...claimFields, version: String(claim.version) }],
      [`/claims/${claim.id}/status`, { status: 'false', rationale: 'Because I say so', version: String(claim.version) }],
      [`/claims/${claim.id}/links`, { to_claim_id: String(otherClaim.id), type: 'supports', note: '', edit_summary: 'anonymous' }],
      [`/links/${link.id}/remove`, { version: String(link.version), edit_summary: 'anonymous' }],
      ['/sources', { name: 'Anonymous Source', kind: 'person', edit_summary: 'anonymous' }],
      [`/sources/${source.slug}/edit`, { name: 'Defaced', kind: 'person', version: String(source.version), edit_summary: 'anonymous' }],
    ];
  });

  it('sends anonymous visitors of every editor page to sign in, with the page to come back to', async () => {
    for (const path of GET_ROUTES) {
      const res = await t.agent().get(path);
      expect({ path, status: res.status }).toEqual({ path, status: 303 });
      expect(res.headers.location).toBe(`/signin?next=${encodeURIComponent(path)}`);
    }
  });

  it('refuses every anonymous write with 401 and changes nothing', async () => {
    const before = await snapshot();
    const agent = t.agent();
    // A real token of this anonymous session, so the refusal is the sign-in check's, not CSRF's.
    const token = csrfFrom((await agent.get('/signin').expect(200)).text);
    for (const [path, fields] of POST_ROUTES) {
      const res = await agent.post(path).type('form').send(encodeForm({ _csrf: token, ...fields }));
      expect({ path, status: res.status }).toEqual({ path, status: 401 });
      expect(visibleText(res.text)).toContain('Only signed-in editors can do this.');
    }
    expect(await snapshot()).toEqual(before);
  });

  it('serves the same routes to a signed-in editor (the list above is real)', async () => {
    const { agent } = await t.signedIn();
    for (const path of GET_ROUTES) {
      const res = await agent.get(path);
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
    }
    const token = csrfFrom((await agent.get('/').expect(200)).text);
    for (const [path, fields] of POST_ROUTES) {
      const res = await agent.post(path).type('form').send(encodeForm({ _csrf: token, ...fields }));
      expect({ path, accepted: [303, 409, 422].includes(res.status) }).toEqual({ path, accepted: true });
    }
  });
});
