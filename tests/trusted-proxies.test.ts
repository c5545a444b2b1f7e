import { Writable } from 'node:stream';
import supertest from 'supertest';
import { createApp } from '../server/app';
import { ConfigError, loadConfig } from '../server/config';
import { createLogger } from '../server/logger';
import { SIGN_IN_LIMITS } from '../server/http/sign-in';
import { addEditor, Agent, PASSWORD, signIn, startTestApp, TestApp, visibleText } from './support/app';
import { createTestDb, TestDb } from './support/db';
import { formCookieHeader, THROTTLED } from './support/sessions';

describe('TRUST_PROXY in the configuration', () => {
  it('is off unless set', () => {
    expect(loadConfig({}).trustedProxies).toEqual([]);
    expect(loadConfig({ TRUST_PROXY: '' }).trustProxy).toBe(false);
  });

  it('takes a list of addresses, CIDR ranges and the loopback/linklocal/uniquelocal names', () => {
    const config = loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.5,10.1.0.0/16, fd00::/8 ,::1' });
    expect(config.trustedProxies).toEqual(['loopback', '10.0.0.5', '10.1.0.0/16', 'fd00::/8', '::1']);
    expect(config.trustProxy).toBe(true);
  });

  it.each(['1', '2', 'true'])('refuses a hop count or "true" (%s) with a message that says why', (value) => {
    expect(() => loadConfig({ TRUST_PROXY: value })).toThrow(ConfigError);
    expect(() => loadConfig({ TRUST_PROXY: value })).toThrow(/addresses of your reverse proxies.*hop count/);
  });

  it.each(['nginx', '10.0.0.300', '10.0.0.0/33', '::1/129', '10.0.0.0/8/8', 'loopback,example.org'])('refuses %s as a proxy address', (value) => {
    expect(() => loadConfig({ TRUST_PROXY: value })).toThrow(/TRUST_PROXY must list the addresses of your reverse proxies/);
  });

  it('has request and header timeouts by default, and refuses headers allowed longer than the request', () => {
    expect(loadConfig({})).toMatchObject({ requestTimeoutSeconds: 60, headersTimeoutSeconds: 15 });
    expect(loadConfig({ REQUEST_TIMEOUT_SECONDS: '5' })).toMatchObject({ requestTimeoutSeconds: 5, headersTimeoutSeconds: 5 });
    expect(() => loadConfig({ REQUEST_TIMEOUT_SECONDS: '5', HEADERS_TIMEOUT_SECONDS: '10' })).toThrow(/HEADERS_TIMEOUT_SECONDS/);
    expect(() => loadConfig({ REQUEST_TIMEOUT_SECONDS: 'soon' })).toThrow(/positive whole number/);
  });
});

describe('the client address seen behind the configured proxies', () => {
  let testDb: TestDb;
  beforeAll(async () => {
    testDb = await createTestDb();
  });
  afterAll(() => testDb.drop());

  // The address the app attributes a request to, as its security log reports it (a refused form post).
  async function addressSeen(trustProxy: string, forwardedFor: string): Promise<string> {
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(...String(chunk).trim().split('\n').map((line) => JSON.parse(line)));
        done();
      },
    });
    const config = loadConfig({ NODE_ENV: 'test', TRUST_PROXY: trustProxy });
    const app = createApp({ db: testDb.db, config, logger: createLogger('info', sink), sessionSecret: 'test secret' });
    await supertest(app).post('/signin').set('X-Forwarded-For', forwardedFor).type('form').send('email=a@example.org').expect(403);
    return String(lines.find((line) => line.event === 'csrf_failed')?.ip);
  }

  it('believes X-Forwarded-For from a listed proxy (here the loopback the test connects from)', async () => {
    expect(await addressSeen('loopback', '10.9.9.9, 198.51.100.20')).toBe('198.51.100.20');
  });

  it('walks back through every listed proxy, and stops at the first address that is not one', async () => {
    expect(await addressSeen('127.0.0.1/8,::1,::ffff:127.0.0.1,198.51.100.20', '10.9.9.9, 203.0.113.7, 198.51.100.20')).toBe('203.0.113.7');
  });

  it('ignores X-Forwarded-For from a peer that is not a listed proxy: a client cannot choose its address', async () => {
    expect(await addressSeen('192.0.2.1', '198.51.100.20')).toMatch(/127\.0\.0\.1|::1/);
    expect(await addressSeen('', '198.51.100.20')).toMatch(/127\.0\.0\.1|::1/);
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
