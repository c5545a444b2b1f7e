import { addEditor, Agent, csrfFrom, encodeForm, Fields, PASSWORD, signIn, startTestApp, TestApp, visibleText } from './support/app';
import { showsSignedIn } from './support/sessions';
import type { Editor } from '../db/editors';

const NEW_PASSWORD = 'a brand new long password';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.drop());

async function signedInAs(editor: Editor, password = PASSWORD): Promise<Agent> {
  const agent = t.agent();
  await signIn(agent, editor.email, password).expect(303);
  return agent;
}

async function post(agent: Agent, action: string, fields: Fields) {
  const page = await agent.get('/account').expect(200);
  return agent.post(action).type('form').send(encodeForm({ _csrf: csrfFrom(page.text), ...fields }));
}

describe('the account page', () => {
  it('is for signed-in editors, linked from every page they see', async () => {
    expect((await t.agent().get('/account').expect(303)).headers.location).toBe('/signin?next=%2Faccount');
    const editor = await addEditor(t);
    const agent = await signedInAs(editor);
    expect((await agent.get('/').expect(200)).text).toContain('<a href="/account">Your account</a>');
    const page = visibleText((await agent.get('/account').expect(200)).text);
    expect(page).toContain('Change your password');
    expect(page).toContain('You are not signed in anywhere else.');
    expect(page).toContain('Sign out everywhere else');
  });
});

describe('changing the password', () => {
  it('needs the current password, a long enough new one typed twice, and changes nothing otherwise', async () => {
    const editor = await addEditor(t);
    const agent = await signedInAs(editor);
    const cases: [Fields, string][] = [
      [{ current_password: 'not my password at all', password: NEW_PASSWORD, password_confirm: NEW_PASSWORD }, 'That is not your current password.'],
      [{ current_password: '', password: NEW_PASSWORD, password_confirm: NEW_PASSWORD }, 'Enter your current password.'],
      [{ current_password: PASSWORD, password: 'too short', password_confirm: 'too short' }, 'Use at least 12 characters.'],
      [{ current_password: PASSWORD, password: NEW_PASSWORD, password_confirm: `${NEW_PASSWORD}!` }, 'The two passwords differ.'],
    ];
    for (const [fields, message] of cases) {
      const res = await post(agent, '/account/password', fields);
      expect({ message, status: res.status }).toEqual({ message, status: 422 });
      expect(visibleText(res.text)).toContain(message);
      expect(res.text).not.toContain(NEW_PASSWORD);
    }
    expect((await t.db('editors').where({ id: editor.id }).first()).password_hash).toBe(editor.password_hash);
  });

  it('hashes the new one with argon2id and ends every other session of the editor, keeping this one', async () => {
    const editor = await addEditor(t);
    const bystander = await addEditor(t);
    const [agent, laptop, phone, someoneElse] = [await signedInAs(editor), await signedInAs(editor), await signedInAs(editor), await signedInAs(bystander)];

    const res = await post(agent, '/account/password', { current_password: PASSWORD, password: NEW_PASSWORD, password_confirm: NEW_PASSWORD });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/account');
    expect(visibleText((await agent.get('/account').expect(200)).text)).toContain('Your password is changed. 2 other sessions were signed out.');

    expect(await showsSignedIn(agent)).toBe(true);
    expect(await showsSignedIn(laptop)).toBe(false);
    expect(await showsSignedIn(phone)).toBe(false);
    expect(await showsSignedIn(someoneElse)).toBe(true);

    const hash = (await t.db('editors').where({ id: editor.id }).first()).password_hash;
    expect(hash).toMatch(/^\$argon2id\$/);
    expect(hash).not.toContain(NEW_PASSWORD);
    await signIn(t.agent(), editor.email, PASSWORD).expect(401);
    await signIn(t.agent(), editor.email, NEW_PASSWORD).expect(303);
  });
});

describe('the current password check', () => {
  it('is throttled as sign-in is: a guesser holding a session cannot try passwords without end', async () => {
    const editor = await addEditor(t);
    const agent = await signedInAs(editor);
    const guess = { current_password: 'a guess at the password', password: NEW_PASSWORD, password_confirm: NEW_PASSWORD };
    for (let i = 0; i < 10; i += 1) expect((await post(agent, '/account/password', guess)).status).toBe(422);
    const refused = await post(agent, '/account/password', { ...guess, current_password: PASSWORD });
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toMatch(/^\d+$/);
    expect(visibleText(refused.text)).toContain('Too many failed sign-ins from this connection.');
    expect((await t.db('editors').where({ id: editor.id }).first()).password_hash).toBe(editor.password_hash);
  });

  it('forgives the failures once the right password is given', async () => {
    const editor = await addEditor(t);
    const agent = await signedInAs(editor);
    const guess = { current_password: 'a guess at the password', password: NEW_PASSWORD, password_confirm: NEW_PASSWORD };
    for (let i = 0; i < 9; i += 1) await post(agent, '/account/password', guess);
    await post(agent, '/account/password', { ...guess, current_password: PASSWORD }).then((res) => expect(res.status).toBe(303));
    expect(Number((await t.db('sign_in_attempts').where({ email: editor.email.toLowerCase() }).count({ n: '*' }).first())!.n)).toBe(0);
  });
});

describe('the session after a password change', () => {
  it('has a new id: the old session cookie signs no one in', async () => {
    const editor = await addEditor(t);
    const agent = await signedInAs(editor);
    const before = await agent.get('/account').expect(200);
    const oldCookie = sessionCookie(agent);
    const res = await agent.post('/account/password').type('form')
      .send(encodeForm({ _csrf: csrfFrom(before.text), current_password: PASSWORD, password: NEW_PASSWORD, password_confirm: NEW_PASSWORD }));
    expect(res.status).toBe(303);
    expect(sessionCookie(agent)).not.toBe(oldCookie);
    expect(await showsSignedIn(agent)).toBe(true);
    const withOldCookie = await t.agent().get('/').set('Cookie', oldCookie).expect(200);
    expect(visibleText(withOldCookie.text)).not.toContain('Sign out');
  });
});

function sessionCookie(agent: Agent): string {
  const jar = (agent as unknown as { jar: { getCookie(name: string, access: object): { toValueString(): string } } }).jar;
  return jar.getCookie('cc_session', { domain: '127.0.0.1', path: '/', secure: false, script: false }).toValueString();
}

describe('signing out everywhere else', () => {
  it('ends the editor’s other sessions only, with a notice saying how many', async () => {
    const editor = await addEditor(t);
    const bystander = await addEditor(t);
    const [agent, laptop, someoneElse] = [await signedInAs(editor), await signedInAs(editor), await signedInAs(bystander)];
    expect(visibleText((await agent.get('/account').expect(200)).text)).toContain('You are also signed in in 1 other browser or device.');

    const res = await post(agent, '/account/sessions/end-others', {});
    expect(res.status).toBe(303);
    expect(visibleText((await agent.get('/account').expect(200)).text)).toContain('1 other session was signed out.');
    expect(await showsSignedIn(agent)).toBe(true);
    expect(await showsSignedIn(laptop)).toBe(false);
    expect(await showsSignedIn(someoneElse)).toBe(true);

    await post(agent, '/account/sessions/end-others', {}).then((again) => expect(again.status).toBe(303));
    expect(visibleText((await agent.get('/account').expect(200)).text)).toContain('You were not signed in anywhere else.');
  });

  it('refuses the button without the form token', async () => {
    const editor = await addEditor(t);
    const [agent, laptop] = [await signedInAs(editor), await signedInAs(editor)];
    await agent.post('/account/sessions/end-others').type('form').send('').expect(403);
    expect(await showsSignedIn(laptop)).toBe(true);
  });
});
