import http from 'node:http';
import supertest from 'supertest';
import { addEditor, csrfFrom, encodeForm, listen, PASSWORD, startTestApp, TestApp, visibleText } from './support/app';
import { claimIdByText, LOSSES, NO_LOSSES_WORDS } from './support/founding-case';

let t: TestApp;
let claimId: number;
beforeAll(async () => {
  t = await startTestApp({ seed: true });
  claimId = await claimIdByText(t, NO_LOSSES_WORDS);
});
afterAll(() => t.drop());

const sessionRows = async () => Number((await t.db('sessions').count({ n: '*' }).first())!.n);

describe('anonymous forms store nothing', () => {
  it('creates no session row for 200 GETs of the sign-in and tip forms', async () => {
    const before = await sessionRows();
    const pages = ['/signin', `/claims/${claimId}/tip`, `${LOSSES}/tip`, '/signin?next=%2Fsources%2Fnew'];
    for (let i = 0; i < 50; i++) {
      await Promise.all(pages.map(async (page) => {
        const res = await supertest(t.app).get(page).expect(200);
        expect(String(res.headers['set-cookie'])).not.toContain('cc_session=');
      }));
    }
    expect(await sessionRows()).toBe(before);
  });

  it('still takes a sign-in and a tip posted with the form’s token', async () => {
    const editor = await addEditor(t);
    const agent = t.agent();
    const form = await agent.get('/signin').expect(200);
    await agent.post('/signin').type('form').send(encodeForm({ _csrf: csrfFrom(form.text), email: editor.email, password: PASSWORD })).expect(303);
    expect(visibleText((await agent.get('/').expect(200)).text)).toContain('Sign out');

    const reader = t.agent();
    const tipForm = await reader.get(`${LOSSES}/tip`).expect(200);
    const sent = await reader.post(`${LOSSES}/tip`).type('form')
      .send(encodeForm({ _csrf: csrfFrom(tipForm.text), body: 'A tip sent with a double-submit token.', evidence_url: '', email: '', website: '' }));
    expect(sent.status).toBe(303);
    expect(await t.db('tips').where({ body: 'A tip sent with a double-submit token.' }).first()).toBeDefined();
  });

  it('refuses a forged token, a token without its cookie, another browser’s token, and a foreign-origin post', async () => {
    const editor = await addEditor(t);
    const agent = t.agent();
    const token = csrfFrom((await agent.get('/signin').expect(200)).text);
    const otherToken = csrfFrom((await t.agent().get('/signin').expect(200)).text);
    const [nonce] = token.split('.');
    const forged = `${nonce}.${'A'.repeat(43)}`;
    const fields = { email: editor.email, password: PASSWORD };

    for (const sent of [undefined, '', forged, otherToken, token.slice(0, -1)]) {
      const body = encodeForm(sent === undefined ? fields : { _csrf: sent, ...fields });
      const res = await agent.post('/signin').type('form').set('Origin', 'https://evil.example').send(body);
      expect({ sent, status: res.status }).toEqual({ sent, status: 403 });
    }
    // The right value in the field but no cookie (a page on another site cannot read or send it).
    await supertest(t.app).post('/signin').type('form').set('Origin', 'https://evil.example')
      .send(encodeForm({ _csrf: token, ...fields })).expect(403);
    // A cookie and field made up together, without the site's key.
    const madeUp = `${nonce}.${Buffer.alloc(32).toString('base64url')}`;
    await supertest(t.app).post('/signin').type('form').set('Cookie', `cc_form=${madeUp}`)
      .send(encodeForm({ _csrf: madeUp, ...fields })).expect(403);
    const tipsBefore = Number((await t.db('tips').count({ n: '*' }).first())!.n);
    await supertest(t.app).post(`${LOSSES}/tip`).type('form').set('Origin', 'https://evil.example')
      .send(encodeForm({ _csrf: otherToken, body: 'Forged tip', website: '' })).expect(403);
    expect(Number((await t.db('tips').count({ n: '*' }).first())!.n)).toBe(tipsBefore);
    expect(visibleText((await agent.get('/').expect(200)).text)).not.toContain('Sign out');
  });
});

describe('the session is stored before the sign-in redirect is sent', () => {
  let server: Awaited<ReturnType<typeof listen>>;
  beforeAll(async () => {
    server = await listen(t.app);
    // Storing a session takes a while: a browser that follows the redirect as soon as its
    // headers arrive must still find the session stored.
    await t.db.raw(`
      create or replace function cc_test_slow_session() returns trigger language plpgsql as $$
      begin perform pg_sleep(0.5); return new; end $$`);
    await t.db.raw('create trigger cc_test_slow_session before insert on sessions for each row execute function cc_test_slow_session()');
  });
  afterAll(async () => {
    await t.db.raw('drop trigger if exists cc_test_slow_session on sessions');
    await server?.close();
  });

  /** POSTs a form and, as soon as the response's headers arrive, follows its redirect with its cookie. */
  function postAndFollowAtOnce(path: string, cookie: string, body: string): Promise<{ status: number; page: string }> {
    return new Promise((resolve, reject) => {
      const request = http.request(`${server.baseUrl}${path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie, 'Content-Length': Buffer.byteLength(body) },
      }, (response) => {
        const session = ([] as string[]).concat(response.headers['set-cookie'] ?? []).find((c) => c.startsWith('cc_session='));
        const location = response.headers.location ?? '/';
        supertest(server.baseUrl).get(location).set('Cookie', session ? session.split(';')[0] : '')
          .then((next) => resolve({ status: response.statusCode ?? 0, page: visibleText(next.text) }), reject);
        response.resume();
      });
      request.on('error', reject);
      request.end(body);
    });
  }

  async function formWithCookie(path: string) {
    const res = await supertest(server.baseUrl).get(path).expect(200);
    const cookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; ');
    return { cookie, token: csrfFrom(res.text) };
  }

  it('at sign-in', async () => {
    const editor = await addEditor(t);
    const { cookie, token } = await formWithCookie('/signin');
    const result = await postAndFollowAtOnce('/signin', cookie, encodeForm({ _csrf: token, email: editor.email, password: PASSWORD }));
    expect(result.status).toBe(303);
    expect(result.page).toContain(`Sign out (${editor.name})`);
  });

  it('at set-up of the first editor', async () => {
    const fresh = await startTestApp();
    const freshServer = await listen(fresh.app);
    try {
      await fresh.db.raw(`
        create or replace function cc_test_slow_session() returns trigger language plpgsql as $$
        begin perform pg_sleep(0.5); return new; end $$`);
      await fresh.db.raw('create trigger cc_test_slow_session before insert on sessions for each row execute function cc_test_slow_session()');
      const previous = server;
      server = freshServer;
      const { cookie, token } = await formWithCookie('/setup');
      const result = await postAndFollowAtOnce('/setup', cookie, encodeForm({
        _csrf: token, name: 'First Editor', email: 'first@example.org', password: PASSWORD, password_confirm: PASSWORD,
      }));
      server = previous;
      expect(result.status).toBe(303);
      expect(result.page).toContain('Sign out (First Editor)');
    } finally {
      await freshServer.close();
      await fresh.drop();
    }
  });
});
