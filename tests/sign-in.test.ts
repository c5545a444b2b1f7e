import { addEditor, csrfFrom, encodeForm, PASSWORD, signIn, startTestApp, TestApp, visibleText } from './support/app';
import { WRONG_CREDENTIALS, sessionCookie, setCookieHeader, formCookieHeader, sidHashOf, signInWithCookie, showsSignedIn, withCookie, countRows } from './support/sessions';

// Signing in and out: the form, the session it starts and ends, and what a wrong or disabled account gets.

describe('signing in and out', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.drop());
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
