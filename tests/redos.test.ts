import fs from 'node:fs';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import supertest from 'supertest';
import { csrfFrom, encodeForm, ListeningTestApp, PASSWORD, startListeningTestApp } from './support/app';

// A long run of dots between an "@" and a character no email part may hold: the shape that made
// the old email pattern backtrack quadratically (33–40 s for 300 kB on one request).
const hostileEmail = (bytes: number) => `a@${'.'.repeat(bytes)}@`;

describe('a 300 kB crafted email never freezes the server', () => {
  let t: ListeningTestApp;
  beforeAll(async () => {
    t = await startListeningTestApp();
  });
  afterAll(async () => {
    await t?.stop();
  });

  /**
   * How long the event loop was held at most while `send` was answered: the app runs in this
   * process, so a regular expression backtracking over the hostile field shows as one long
   * delay (13–40 s with the old email pattern), however the request's work is ordered.
   */
  async function loopHeldWhile(send: () => Promise<{ status: number }>): Promise<{ status: number; heldMs: number }> {
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    // A request held past its own timeout still tells how long the loop was held: that is the failure to report.
    const res = await send().catch(() => ({ status: 0 }));
    // A delay is recorded by the first timer after the loop is free again: let it fire.
    await new Promise((resolve) => setTimeout(resolve, 50));
    delay.disable();
    const heldMs = delay.max / 1e6;
    if (process.env.SHOW_TIMINGS) console.log(`event loop held at most ${heldMs.toFixed(1)} ms`);
    return { status: res.status, heldMs };
  }

  it('on /signin, /setup and the admin’s new-account form', async () => {
    const anonymous = supertest.agent(t.baseUrl);
    const signInToken = csrfFrom((await anonymous.get('/signin').expect(200)).text);
    const setupToken = csrfFrom((await anonymous.get('/setup').expect(200)).text);
    const email = hostileEmail(300_000);

    // Sign-in needs no more than a few fields: a large body is refused before it is parsed.
    const signIn = await loopHeldWhile(() => anonymous.post('/signin').type('form').timeout(60_000)
      .send(encodeForm({ _csrf: signInToken, email, password: 'whatever it is' })).then((res) => res));
    expect(signIn.heldMs).toBeLessThan(1000);
    expect(signIn.status).toBe(413);

    const setup = await loopHeldWhile(() => anonymous.post('/setup').type('form').timeout(60_000)
      .send(encodeForm({ _csrf: setupToken, name: 'Ada', email, password: PASSWORD, password_confirm: PASSWORD })).then((res) => res));
    expect(setup.heldMs).toBeLessThan(1000);
    expect(setup.status).toBe(422);

    // The set-up above created nobody; this one creates the administrator who opens the account form.
    const admin = supertest.agent(t.baseUrl);
    const token = csrfFrom((await admin.get('/setup').expect(200)).text);
    await admin.post('/setup').type('form')
      .send(encodeForm({ _csrf: token, name: 'Ada', email: 'ada@example.org', password: PASSWORD, password_confirm: PASSWORD })).expect(303);
    const formToken = csrfFrom((await admin.get('/admin/editors').expect(200)).text);
    const newAccount = await loopHeldWhile(() => admin.post('/admin/editors').type('form').timeout(60_000)
      .send(encodeForm({ _csrf: formToken, name: 'Bob', email, password: PASSWORD, password_confirm: PASSWORD, role: 'editor' }))
      .then((res) => res));
    expect(newAccount.heldMs).toBeLessThan(1000);
    expect(newAccount.status).toBe(422);
  });
});

describe('every form parser on 100 kB adversarial strings', () => {
  const FORMS_DIR = path.resolve(__dirname, '../server/forms');
  const N = 100_000;
  const PAYLOADS: Record<string, string> = {
    'dots between @s': hostileEmail(N),
    'many @s': '@'.repeat(N),
    'local parts': 'a@'.repeat(N / 2),
    'digits then a letter': `${'1'.repeat(N)}x`,
    'thousands groups then a letter': `1${',000'.repeat(N / 4)}x`,
    'decimals then a letter': `1.${'1'.repeat(N)}.x`,
    'dashes then a letter': `${'-'.repeat(N)}x`,
    'slashes': `http://${'/'.repeat(N)}`,
    'spaces inside': `a${' '.repeat(N)}b`,
    'words and punctuation': 'ab, '.repeat(N / 4),
    'dates': '2023-05-25'.repeat(N / 10),
    'newlines': '\r\n'.repeat(N / 2),
  };

  // Every field name any form reads, taken from the schemas themselves so that new fields are covered too.
  const sources = fs.readdirSync(FORMS_DIR).filter((file) => file.endsWith('.ts'));
  const fieldNames = new Set<string>(['q', 'status', 'source', 'from', 'to', 'as_of', 'website']);
  for (const file of sources) {
    for (const match of fs.readFileSync(path.join(FORMS_DIR, file), 'utf8').matchAll(/^\s*\[?([a-z_]+)\]?:/gm)) fieldNames.add(match[1]);
  }

  const parsers: [string, (body: unknown) => unknown][] = [];
  for (const file of sources) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(path.join(FORMS_DIR, file)) as Record<string, unknown>;
    for (const [name, value] of Object.entries(mod)) {
      if (typeof value === 'function' && /^(parse|search|is)/.test(name)) parsers.push([`${file} ${name}`, value as (body: unknown) => unknown]);
    }
  }

  it('finds the parsers and their fields', () => {
    expect(parsers.length).toBeGreaterThan(15);
    expect([...fieldNames]).toEqual(expect.arrayContaining(['email', 'password', 'text', 'url', 'figure_low', 'said_on', 'evidence_url']));
  });

  it.each(Object.entries(PAYLOADS))('answers each within a second: %s', (_name, payload) => {
    const body = Object.fromEntries([...fieldNames].map((field) => [field, payload]));
    const repeated = Object.fromEntries([...fieldNames].map((field) => [field, [payload, payload]]));
    for (const [parser, parse] of parsers) {
      for (const input of [body, repeated, payload]) {
        const started = performance.now();
        try {
          parse(input);
        } catch {
          // A parser given a value it never expects (a whole body as one string) may throw; only the time counts here.
        }
        const took = performance.now() - started;
        expect({ parser, took: took < 1000 }).toEqual({ parser, took: true });
      }
    }
  });
});
