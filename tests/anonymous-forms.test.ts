import supertest from 'supertest';
import { createApp } from '../server/app';
import { loadConfig } from '../server/config';
import { createLogger } from '../server/logger';
import { startTestApp, TestApp, visibleText } from './support/app';
import { formOnPage, withChanges } from './support/page-form';
import { LOSSES } from './support/founding-case';

// Readers' forms (tips) carry no session: their token is a signed double-submit cookie, and the
// one-time key and the stale-form page must work for a reader who has no session at all.

const PUBLIC_URL = 'https://facts.example.org';

let t: TestApp;
let markers = 0;
beforeAll(async () => {
  t = await startTestApp({ seed: true, env: { PUBLIC_URL } });
});
afterAll(() => t.drop());

const nextMarker = (what: string) => `${what} ${++markers} ${process.pid}`;
const tipsWith = async (body: string) => Number((await t.db('tips').where({ body }).count({ n: '*' }).first())!.n);

describe('a reader’s double click', () => {
  it('sends one tip when both sends of one form arrive at once from a browser with no session yet', async () => {
    const marker = nextMarker('double click');
    const reader = t.agent();
    const form = formOnPage((await reader.get(`${LOSSES}/tip`).expect(200)).text);
    const body = withChanges(form.pairs, { body: marker });
    const answers = await Promise.all([1, 2].map(() => reader.post(form.action).type('form').send(body).then((res) => res)));
    expect(answers.map((res) => res.status)).toEqual([303, 303]);
    expect(await tipsWith(marker)).toBe(1);
  });
});

describe('a reader’s tip form with a stale token', () => {
  it('is kept without asking to sign in, and sending it again sends the tip', async () => {
    const marker = nextMarker('stale tip');
    const reader = t.agent();
    const form = formOnPage((await reader.get(`${LOSSES}/tip`).expect(200)).text);
    // The cookies were cleared (or the secret rotated) while the form was open.
    const fresh = t.agent();
    const refused = await fresh.post(form.action).set('Origin', PUBLIC_URL).type('form').send(withChanges(form.pairs, { body: marker }));
    expect(refused.status).toBe(403);
    const text = visibleText(refused.text);
    expect(text).toContain(marker);
    expect(text).not.toContain('Sign in');
    expect(refused.text).not.toContain('_signin_email');
    const kept = formOnPage(refused.text);
    expect(kept.action).toBe(form.action);

    await fresh.post(kept.action).set('Origin', PUBLIC_URL).type('form').send(withChanges(kept.pairs, {})).expect(303);
    expect(await tipsWith(marker)).toBe(1);
  });

  it('sent on with an empty sign-in email (an old kept page) is taken as not signing in', async () => {
    const marker = nextMarker('empty sign-in');
    const reader = t.agent();
    const form = formOnPage((await reader.get(`${LOSSES}/tip`).expect(200)).text);
    const res = await reader.post(form.action).type('form').send(withChanges(form.pairs, { body: marker, _signin_email: '', _signin_password: '' }));
    expect(res.status).toBe(303);
    expect(await tipsWith(marker)).toBe(1);
  });
});

describe('behind a proxy that rewrites Host', () => {
  it('keeps a stale form sent from the public address', async () => {
    const marker = nextMarker('proxied');
    const form = formOnPage((await t.agent().get(`${LOSSES}/tip`).expect(200)).text);
    const refused = await supertest(t.app).post(form.action).set({ Host: 'app:3000', Origin: PUBLIC_URL })
      .type('form').send(withChanges(form.pairs, { body: marker }));
    expect(refused.status).toBe(403);
    expect(visibleText(refused.text)).toContain(marker);
    expect(visibleText(refused.text)).not.toContain('This form has expired');
  });

  it('refuses a stale form from another site that happens to use the same host name and another port', async () => {
    const form = formOnPage((await t.agent().get(`${LOSSES}/tip`).expect(200)).text);
    const res = await supertest(t.app).post(form.action).set({ Host: 'app:3000', Origin: 'https://facts.example.org:8443' })
      .type('form').send(withChanges(form.pairs, { body: nextMarker('other port') }));
    expect(res.status).toBe(403);
    expect(visibleText(res.text)).toContain('This form has expired');
  });
});

describe('the anonymous form token', () => {
  it('is refused with a foreign Origin even when the token and cookie match', async () => {
    const marker = nextMarker('foreign origin');
    const reader = t.agent();
    const form = formOnPage((await reader.get(`${LOSSES}/tip`).expect(200)).text);
    const res = await reader.post(form.action).set('Origin', 'https://evil.example').type('form').send(withChanges(form.pairs, { body: marker }));
    expect(res.status).toBe(403);
    expect(visibleText(res.text)).toContain('This form has expired');
    expect(await tipsWith(marker)).toBe(0);
  });

  it('is taken with this site’s Origin', async () => {
    const marker = nextMarker('own origin');
    const reader = t.agent();
    const form = formOnPage((await reader.get(`${LOSSES}/tip`).expect(200)).text);
    await reader.post(form.action).set('Origin', PUBLIC_URL).type('form').send(withChanges(form.pairs, { body: marker })).expect(303);
    expect(await tipsWith(marker)).toBe(1);
  });

  it('is a __Host- cookie on a secure connection, and is taken back under that name', async () => {
    const behindTls = createApp({ db: t.db, config: loadConfig({ NODE_ENV: 'test', PUBLIC_URL, TRUST_PROXY: 'loopback' }), logger: createLogger('silent'), sessionSecret: 'test secret' });
    const marker = nextMarker('secure');
    const page = await supertest(behindTls).get(`${LOSSES}/tip`).set('X-Forwarded-Proto', 'https').expect(200);
    const cookie = ([] as string[]).concat(page.headers['set-cookie'] ?? []).find((c) => c.includes('cc_form='))!;
    expect(cookie).toMatch(/^__Host-cc_form=[^;]+;.*Path=\/;.*Secure/);
    const form = formOnPage(page.text);
    await supertest(behindTls).post(form.action).set({ 'X-Forwarded-Proto': 'https', Cookie: cookie.split(';')[0] })
      .type('form').send(withChanges(form.pairs, { body: marker })).expect(303);
    expect(await tipsWith(marker)).toBe(1);
  });
});
