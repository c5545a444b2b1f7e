import supertest from 'supertest';
import { createApp } from '../server/app';
import { loadConfig } from '../server/config';
import { createLogger } from '../server/logger';
import { addEditor, Agent, csrfFrom, encodeForm, Fields, PASSWORD, startTestApp, TestApp, visibleText } from './support/app';
import { formOnPage } from './support/page-form';

// An editor whose session ended while a form was open keeps what they typed: the POST gets a page
// that says so, holds every field (never a password) and signs them in and sends it on in one step.

const HOST = 'counterclaim.test';
const SAME_SITE = { Host: HOST, Origin: `http://${HOST}` };
const KEY = 'one-time-key-0001';

let t: TestApp;
let sourceCount = 0;
beforeAll(async () => {
  t = await startTestApp({ seed: true });
});
afterAll(() => t.drop());

function newSource() {
  sourceCount += 1;
  return {
    name: `Kept Source ${sourceCount}`,
    kind: 'organisation',
    description: `Typed while signed out, with <markup> & “quotes” ${sourceCount}`,
    edit_summary: 'kept across sign-in',
    _idempotency_key: `${KEY}-${sourceCount}`,
  };
}

async function signedInAgent() {
  const editor = await addEditor(t);
  const agent = t.agent();
  const form = await agent.get('/signin').expect(200);
  await agent.post('/signin').type('form').send(encodeForm({ _csrf: csrfFrom(form.text), email: editor.email, password: PASSWORD })).expect(303);
  return { agent, editor };
}

/** Opens the new-source form and answers its token: the editor starts typing. */
async function openSourceForm(agent: Agent): Promise<string> {
  return csrfFrom((await agent.get('/sources/new').expect(200)).text);
}

async function signOut(agent: Agent): Promise<void> {
  const token = csrfFrom((await agent.get('/').expect(200)).text);
  await agent.post('/signout').type('form').send(encodeForm({ _csrf: token })).expect(303);
}

const sourceByName = (name: string) => t.db('sources').where({ name }).first();

function expectKept(html: string, fields: Fields, heading: string) {
  const text = visibleText(html);
  expect(text).toContain(heading);
  const kept = formOnPage(html);
  for (const [name, value] of Object.entries(fields)) expect({ name, value: kept.fields[name] }).toEqual({ name, value });
  return kept;
}

describe('signed out in another tab', () => {
  it('keeps the form, then signs in and saves it in one step with a fresh token', async () => {
    const { agent, editor } = await signedInAgent();
    const oldToken = await openSourceForm(agent);
    await signOut(agent); // the other tab
    const source = newSource();

    const refused = await agent.post('/sources').set(SAME_SITE).type('form').send(encodeForm({ _csrf: oldToken, ...source }));
    expect(refused.status).toBe(401);
    expect(visibleText(refused.text)).not.toContain('This form has expired');
    const kept = expectKept(refused.text, source, 'You have been signed out');
    expect(kept.action).toBe('/sources');
    expect(kept.fields._csrf).toBeDefined();
    expect(kept.fields._csrf).not.toBe(oldToken);
    expect(await sourceByName(source.name)).toBeUndefined();

    const sent = await agent.post(kept.action).set(SAME_SITE).type('form')
      .send(encodeForm({ ...kept.fields, _signin_email: editor.email, _signin_password: PASSWORD }));
    expect(sent.status).toBe(303);
    const saved = await sourceByName(source.name);
    expect(saved).toMatchObject({ description: source.description });
    expect(sent.headers.location).toBe(`/sources/${saved.slug}`);
    expect(visibleText((await agent.get('/').expect(200)).text)).toContain(`Sign out (${editor.name})`);
  });

  it('keeps everything again after a wrong password, and never shows a password', async () => {
    const { agent, editor } = await signedInAgent();
    const oldToken = await openSourceForm(agent);
    await signOut(agent);
    const source = newSource();
    const refused = await agent.post('/sources').set(SAME_SITE).type('form').send(encodeForm({ _csrf: oldToken, ...source }));
    const kept = formOnPage(refused.text);

    const wrong = await agent.post(kept.action).set(SAME_SITE).type('form')
      .send(encodeForm({ ...kept.fields, _signin_email: editor.email, _signin_password: 'the wrong password' }));
    expect(wrong.status).toBe(401);
    expect(visibleText(wrong.text)).toContain('That email and password do not match an active editor account.');
    expect(wrong.text).not.toContain('the wrong password');
    expect(wrong.text).toContain(`value="${editor.email}"`);
    const again = expectKept(wrong.text, source, 'You have been signed out');
    expect(await sourceByName(source.name)).toBeUndefined();

    await agent.post(again.action).set(SAME_SITE).type('form')
      .send(encodeForm({ ...again.fields, _signin_email: editor.email, _signin_password: PASSWORD })).expect(303);
    expect(await sourceByName(source.name)).toBeDefined();
  });

  it('still refuses a genuine cross-site post: no session cookie and a foreign origin', async () => {
    const { agent } = await signedInAgent();
    const oldToken = await openSourceForm(agent);
    await signOut(agent);
    const source = newSource();
    for (const origin of [{ Origin: 'https://evil.example' }, { Referer: 'https://evil.example/page' }, { Origin: 'null' }, {}]) {
      const res = await supertest(t.app).post('/sources').set({ Host: HOST, ...origin }).type('form').send(encodeForm({ _csrf: oldToken, ...source }));
      expect({ origin, status: res.status }).toEqual({ origin, status: 403 });
      expect(visibleText(res.text)).toContain('This form has expired');
      expect(res.text).not.toContain(source.description.slice(0, 20));
    }
    expect(await sourceByName(source.name)).toBeUndefined();
  });
});

describe('a session ended by the server', () => {
  async function expectKeptThenSaved(agent: Agent, oldToken: string, email: string, headers: Record<string, string> = {}) {
    const source = newSource();
    const refused = await agent.post('/sources').set(headers).type('form').send(encodeForm({ _csrf: oldToken, ...source }));
    expect(refused.status).toBe(401);
    const kept = expectKept(refused.text, source, 'You have been signed out');
    await agent.post(kept.action).set(headers).type('form')
      .send(encodeForm({ ...kept.fields, _signin_email: email, _signin_password: PASSWORD })).expect(303);
    expect(await sourceByName(source.name)).toMatchObject({ description: source.description });
  }

  it('after the idle limit (the stale cookie alone shows it came from this site)', async () => {
    const { agent, editor } = await signedInAgent();
    const oldToken = await openSourceForm(agent);
    await t.db('sessions').where(t.db.raw("data->>'editorId' = ?", [String(editor.id)])).update({ expires_at: new Date(Date.now() - 1000) });
    await expectKeptThenSaved(agent, oldToken, editor.email);
  });

  it('after the absolute lifetime', async () => {
    const { agent, editor } = await signedInAgent();
    const oldToken = await openSourceForm(agent);
    await t.db('sessions').where(t.db.raw("data->>'editorId' = ?", [String(editor.id)]))
      .update({ data: t.db.raw(`jsonb_set(data, '{signedInAt}', ?::jsonb)`, [String(Date.now() - 13 * 3_600_000)]) });
    await expectKeptThenSaved(agent, oldToken, editor.email, SAME_SITE);
  });

  it('after a restart with a new session secret', async () => {
    const { agent, editor } = await signedInAgent();
    const oldToken = await openSourceForm(agent);
    const restarted = createApp({ db: t.db, config: loadConfig({ NODE_ENV: 'test' }), logger: createLogger('silent'), sessionSecret: 'a new secret' });
    const cookie = (agent as unknown as { jar: { getCookie(name: string, access: object): { toValueString(): string } } })
      .jar.getCookie('cc_session', { domain: '127.0.0.1', path: '/', secure: false, script: false }).toValueString();
    const source = newSource();
    const refused = await supertest(restarted).post('/sources').set('Cookie', cookie).type('form').send(encodeForm({ _csrf: oldToken, ...source }));
    expect(refused.status).toBe(401);
    const kept = expectKept(refused.text, source, 'You have been signed out');
    const formCookie = ([] as string[]).concat(refused.headers['set-cookie'] ?? []).find((c) => c.startsWith('cc_form='))!.split(';')[0];
    await supertest(restarted).post(kept.action).set('Cookie', `${cookie}; ${formCookie}`).type('form')
      .send(encodeForm({ ...kept.fields, _signin_email: editor.email, _signin_password: PASSWORD })).expect(303);
    expect(await sourceByName(source.name)).toBeDefined();
  });

  it('for a disabled account: kept, but signing in is refused', async () => {
    const { agent, editor } = await signedInAgent();
    const oldToken = await openSourceForm(agent);
    await t.db('editors').where({ id: editor.id }).update({ disabled_at: t.db.fn.now() });
    const source = newSource();
    const refused = await agent.post('/sources').set(SAME_SITE).type('form').send(encodeForm({ _csrf: oldToken, ...source }));
    expect(refused.status).toBe(401);
    const kept = expectKept(refused.text, source, 'You have been signed out');
    const res = await agent.post(kept.action).set(SAME_SITE).type('form')
      .send(encodeForm({ ...kept.fields, _signin_email: editor.email, _signin_password: PASSWORD }));
    expect(res.status).toBe(401);
    expectKept(res.text, source, 'You have been signed out');
    expect(await sourceByName(source.name)).toBeUndefined();
  });
});

describe('a form opened before signing in again', () => {
  it('is kept to send again with the new session’s token', async () => {
    const { agent, editor } = await signedInAgent();
    const oldToken = await openSourceForm(agent);
    await signOut(agent);
    const form = await agent.get('/signin').expect(200);
    await agent.post('/signin').type('form').send(encodeForm({ _csrf: csrfFrom(form.text), email: editor.email, password: PASSWORD })).expect(303);
    const source = newSource();

    const refused = await agent.post('/sources').set(SAME_SITE).type('form').send(encodeForm({ _csrf: oldToken, ...source }));
    expect(refused.status).toBe(403);
    const kept = expectKept(refused.text, source, 'This form was opened in an earlier session');
    expect(refused.text).not.toContain('_signin_password');
    await agent.post(kept.action).set(SAME_SITE).type('form').send(encodeForm(kept.fields)).expect(303);
    expect(await sourceByName(source.name)).toBeDefined();
  });
});

describe('an anonymous visitor’s form to an editor route', () => {
  it('is kept for signing in and sending on', async () => {
    const editor = await addEditor(t);
    const agent = t.agent();
    const token = csrfFrom((await agent.get('/signin').expect(200)).text);
    const source = newSource();
    const res = await agent.post('/sources').type('form').send(encodeForm({ _csrf: token, ...source }));
    expect(res.status).toBe(401);
    const kept = expectKept(res.text, source, 'Only signed-in editors can do this.');
    await agent.post(kept.action).type('form')
      .send(encodeForm({ ...kept.fields, _signin_email: editor.email, _signin_password: PASSWORD })).expect(303);
    expect(await sourceByName(source.name)).toBeDefined();
  });
});

describe('signing in from the kept page', () => {
  it('still warns of the failed sign-ins before it, beside the saved record’s notice', async () => {
    const { agent, editor } = await signedInAgent();
    const oldToken = await openSourceForm(agent);
    await signOut(agent);
    const source = newSource();
    const refused = await agent.post('/sources').set(SAME_SITE).type('form').send(encodeForm({ _csrf: oldToken, ...source }));
    const wrong = await agent.post(formOnPage(refused.text).action).set(SAME_SITE).type('form')
      .send(encodeForm({ ...formOnPage(refused.text).fields, _signin_email: editor.email, _signin_password: 'not it' }));
    expect(wrong.status).toBe(401);
    const kept = formOnPage(wrong.text);
    const sent = await agent.post(kept.action).set(SAME_SITE).type('form')
      .send(encodeForm({ ...kept.fields, _signin_email: editor.email, _signin_password: PASSWORD })).expect(303);
    const page = visibleText((await agent.get(sent.headers.location).expect(200)).text);
    expect(page).toContain('1 failed sign-in attempt on your account since your last sign-in.');
    expect(page).toMatch(/Source (?:added|created|saved)/i);
  });

  it('keeps the signed-in editor’s pages out of caches, a re-rendered form included', async () => {
    const { agent, editor } = await signedInAgent();
    const oldToken = await openSourceForm(agent);
    await signOut(agent);
    const source = { ...newSource(), name: '' };
    const refused = await agent.post('/sources').set(SAME_SITE).type('form').send(encodeForm({ _csrf: oldToken, ...source }));
    const kept = formOnPage(refused.text);
    const invalid = await agent.post(kept.action).set(SAME_SITE).type('form')
      .send(encodeForm({ ...kept.fields, _signin_email: editor.email, _signin_password: PASSWORD }));
    expect(invalid.status).toBe(422);
    expect(invalid.headers['cache-control']).toBe('no-store');
  });
});
