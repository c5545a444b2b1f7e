import { Writable } from 'node:stream';
import type { Express } from 'express';
import supertest from 'supertest';
import { createApp } from '../server/app';
import { loadConfig } from '../server/config';
import { createLogger } from '../server/logger';
import { Agent, csrfFrom, startTestApp, TestApp } from './support/app';
import { RouteInfo, routesOf } from './support/routes';

const withParams = (routes: RouteInfo[]) => routes.filter((r) => r.path.includes(':'));

let t: TestApp;
let admin: Agent;
let token: string;

beforeAll(async () => {
  t = await startTestApp({ seed: true });
  admin = (await t.signedIn('admin')).agent;
  token = csrfFrom((await admin.get('/disputes/new').expect(200)).text);
});
afterAll(() => t.drop());

describe('path parameters that cannot be a slug or an id', () => {
  const HOSTILE_VALUES = ['a%00b', '%00', 'A%E2%80%AEb', 'x'.repeat(500), '1e3', '99999999999'];

  it('finds routes with parameters to walk (the walk itself works)', () => {
    const paths = withParams(routesOf(t.app)).map((r) => `${r.method} ${r.path}`);
    expect(paths).toEqual(expect.arrayContaining(['GET /disputes/:slug', 'POST /sources/:slug/edit', 'GET /api/v1/sources/:slug', 'GET /disputes/:slug/claims.csv', 'POST /disputes/:slug/tip', 'GET /tips/:id']));
  });

  it('answers 404 on every route with a parameter, for an editor and for a reader', async () => {
    const failures: string[] = [];
    for (const { method, path } of withParams(routesOf(t.app))) {
      for (const value of HOSTILE_VALUES) {
        const url = path.replace(/:[a-z]+/g, value);
        const response = method === 'POST'
          ? await admin.post(url).type('form').send(`_csrf=${token}`)
          : await admin.get(url);
        if (response.status !== 404) failures.push(`${method} ${url.slice(0, 80)} → ${response.status}`);
        if (method === 'GET') {
          const anonymous = await t.agent().get(url);
          if (![404, 303].includes(anonymous.status)) failures.push(`anonymous GET ${url.slice(0, 80)} → ${anonymous.status}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });
});

describe('a POST whose body is not a form', () => {
  // Real rows for each parameter, so the handler behind the route runs rather than a 404.
  async function realUrl(path: string): Promise<string> {
    const dispute = await t.db('disputes').where('state', 'published').first();
    const source = await t.db('sources').first();
    const claim = await t.db('claims').first();
    const values: Record<string, string> = {
      '/disputes/:slug': `/disputes/${dispute.slug}`,
      '/sources/:slug': `/sources/${source.slug}`,
      '/claims/:id': `/claims/${claim.id}`,
      '/history/:type/:id': `/history/claims/${claim.id}`,
    };
    for (const [pattern, value] of Object.entries(values)) path = path.replace(pattern, value);
    return path.replace(/:[a-z]+/g, '1');
  }

  const BODIES: [string, string | undefined, string | undefined][] = [
    ['JSON', 'application/json', '{"email":"a@example.org","title":"x"}'],
    ['plain text', 'text/plain', 'title=x'],
    ['XML', 'application/xml', '<form/>'],
  ];

  it.each(BODIES)('refuses %s with 415 on every POST route, the token in the header', async (_name, type, body) => {
    const failures: string[] = [];
    for (const { path } of routesOf(t.app).filter((r) => r.method === 'POST')) {
      const url = await realUrl(path);
      const response = await admin.post(url).set('X-CSRF-Token', token).set('Content-Type', type!).send(body);
      if (response.status !== 415) failures.push(`POST ${url} → ${response.status}`);
    }
    expect(failures).toEqual([]);
  });

  it('treats an empty body as an empty form on every POST route: never a 500', async () => {
    const { agent: fresh } = await t.signedIn('admin'); // whatever the walks above did to the first one's session
    const freshToken = csrfFrom((await fresh.get('/disputes/new').expect(200)).text);
    const failures: string[] = [];
    for (const { path } of routesOf(t.app).filter((r) => r.method === 'POST' && r.path !== '/signout')) {
      const url = await realUrl(path);
      const response = await fresh.post(url).set('X-CSRF-Token', freshToken);
      if (response.status >= 500) failures.push(`POST ${url} → ${response.status}`);
    }
    expect(failures).toEqual([]);
  });

  it('shows the form again with messages when an editor form arrives empty', async () => {
    const { agent: fresh } = await t.signedIn('admin');
    const freshToken = csrfFrom((await fresh.get('/disputes/new').expect(200)).text);
    const response = await fresh.post('/disputes').set('X-CSRF-Token', freshToken).expect(422);
    expect(response.text).toMatch(/class="field-error"[^]*Enter /);
    const signIn = await t.agent().get('/signin');
    const anonymous = signIn.headers['set-cookie'];
    const reply = await supertest(t.app).post('/signin').set('Cookie', anonymous).set('X-CSRF-Token', csrfFrom(signIn.text));
    expect(reply.status).toBe(422);
  });
});

describe('claims sitemap chunks', () => {
  it.each(['42950', '2147483647', '100000'])('answers 404 for chunk %s, far past the last', async (chunk) => {
    await t.agent().get(`/sitemaps/claims-${chunk}.xml`).expect(404);
  });

  it('answers 404 for the chunk right after the last, and 200 for the last', async () => {
    await t.agent().get('/sitemaps/claims-1.xml').expect(200);
    await t.agent().get('/sitemaps/claims-2.xml').expect(404);
  });
});

describe('responses the kept-page path could answer', () => {
  let app: Express;
  const lines: Record<string, any>[] = [];

  beforeAll(() => {
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(...String(chunk).trim().split('\n').map((line) => JSON.parse(line)));
        done();
      },
    });
    app = createApp({ db: t.db, config: loadConfig({ NODE_ENV: 'test' }), logger: createLogger('info', sink), sessionSecret: 'test secret' });
  });

  it.each(['/disputes/%zz', '/disputes/%E0%A4%A', '/sources/%zz', '/disputes/%zz/edit'])('answers %s with 400, the security headers, a request id and a log line', async (url) => {
    const response = await supertest(app).get(url).expect(400);
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    const id = response.headers['x-request-id'];
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(lines.some((line) => line.req?.id === id && line.res?.status === 400)).toBe(true);
  });

  it('still serves a kept page to a cookie-less reader with the same headers and a log line', async () => {
    const dispute = await t.db('disputes').where('state', 'published').first();
    await supertest(app).get(`/disputes/${dispute.slug}`).expect(200);
    const kept = await supertest(app).get(`/disputes/${dispute.slug}`).expect(200);
    expect(kept.headers['content-security-policy']).toContain("default-src 'self'");
    const id = kept.headers['x-request-id'];
    expect(lines.some((line) => line.req?.id === id && line.res?.status === 200)).toBe(true);
  });
});
