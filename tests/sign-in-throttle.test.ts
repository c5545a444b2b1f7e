import { SIGN_IN_LIMITS } from '../server/http/sign-in';
import { addEditor, csrfFrom, encodeForm, PASSWORD, signIn, startTestApp, TestApp, visibleText } from './support/app';
import { showsSignedIn, THROTTLED, WRONG_CREDENTIALS } from './support/sessions';

const { perAccountAndAddress: PER_PAIR, perAddress: PER_ADDRESS } = SIGN_IN_LIMITS;

let t: TestApp;
let ip: string;
beforeAll(async () => {
  t = await startTestApp();
  // Find out which address the app sees for test requests.
  await signIn(t.agent(), 'probe@example.org', 'wrong password').expect(401);
  ip = (await t.db('sign_in_attempts').first('ip')).ip;
});
afterAll(() => t.drop());
beforeEach(() => t.db('sign_in_attempts').delete());

async function failedAttempts(rows: { email: string; ip: string; minutesAgo?: number }[]): Promise<void> {
  await t.db('sign_in_attempts').insert(rows.map(({ email, ip: from, minutesAgo = 1 }) => ({
    email, ip: from, attempted_at: new Date(Date.now() - minutesAgo * 60_000),
  })));
}

function times<T>(n: number, make: (i: number) => T): T[] {
  return Array.from({ length: n }, (_, i) => make(i));
}

describe('the limits', () => {
  it('refuses the right password from an address after 10 failures for that account from it', async () => {
    const editor = await addEditor(t);
    const bystander = await addEditor(t);
    for (let i = 0; i < PER_PAIR; i++) {
      const res = await signIn(t.agent(), editor.email, `wrong password ${i}`).expect(401);
      expect(visibleText(res.text)).toContain(WRONG_CREDENTIALS);
    }
    const agent = t.agent();
    const res = await signIn(agent, editor.email, PASSWORD).expect(429);
    expect(visibleText(res.text)).toContain(THROTTLED);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(res.text).toContain(`value="${editor.email}"`);
    expect(await showsSignedIn(agent)).toBe(false);
    expect(Number((await t.db('sign_in_attempts').count({ n: '*' }).first())!.n)).toBe(PER_PAIR);
    // Another account from the same address is not affected.
    await signIn(t.agent(), bystander.email, PASSWORD).expect(303);
  });

  it('never locks an editor out from an address that has not been failing', async () => {
    const editor = await addEditor(t);
    // Someone elsewhere guesses at the account from many addresses, and from one many times.
    await failedAttempts(times(30, (i) => ({ email: editor.email, ip: `203.0.113.${i + 1}` })));
    await failedAttempts(times(PER_PAIR, () => ({ email: editor.email, ip: '198.51.100.9' })));
    const agent = t.agent();
    await signIn(agent, editor.email, PASSWORD).expect(303);
    expect(await showsSignedIn(agent)).toBe(true);
  });

  it('allows the 10th attempt after 9 failures, and a success forgives this address’s failures only', async () => {
    const editor = await addEditor(t);
    await failedAttempts(times(PER_PAIR - 1, () => ({ email: editor.email, ip })));
    await failedAttempts([{ email: editor.email, ip: '203.0.113.50' }]);
    await signIn(t.agent(), editor.email, PASSWORD).expect(303);
    expect(await t.db('sign_in_attempts').where({ email: editor.email }).pluck('ip')).toEqual(['203.0.113.50']);
  });

  it('throttles an address that tried many accounts, at a higher limit', async () => {
    const editor = await addEditor(t);
    await failedAttempts(times(PER_ADDRESS - 1, (i) => ({ email: `guess${i}@example.org`, ip })));
    await signIn(t.agent(), editor.email, 'one more wrong guess').expect(401);
    const res = await signIn(t.agent(), editor.email, PASSWORD).expect(429);
    expect(visibleText(res.text)).toContain(THROTTLED);
  });

  it('does not count other addresses against this one, nor failures older than 15 minutes', async () => {
    const editor = await addEditor(t);
    await failedAttempts(times(PER_ADDRESS, (i) => ({ email: `guess${i}@example.org`, ip: '198.51.100.7' })));
    await failedAttempts(times(PER_PAIR, () => ({ email: editor.email, ip, minutesAgo: 16 })));
    await signIn(t.agent(), editor.email, PASSWORD).expect(303);
  });

  it('records a failure for an unknown email like any other, in lower case', async () => {
    await signIn(t.agent(), 'Ghost@Example.org', 'whatever it is').expect(401);
    expect(await t.db('sign_in_attempts').select('email', 'ip')).toEqual([{ email: 'ghost@example.org', ip }]);
  });

  it('ignores X-Forwarded-For unless TRUST_PROXY is set, so an attacker cannot pick a fresh address', async () => {
    await signIn(t.agent().set('X-Forwarded-For', '192.0.2.44'), 'ghost@example.org', 'whatever it is').expect(401);
    expect(await t.db('sign_in_attempts').pluck('ip')).toEqual([ip]);
  });
});

describe('parallel guesses', () => {
  it('checks at most the limit of 20 wrong passwords sent at once', async () => {
    const editor = await addEditor(t);
    const browsers = times(20, () => t.agent());
    const tokens = await Promise.all(browsers.map(async (browser) => csrfFrom((await browser.get('/signin').expect(200)).text)));
    const responses = await Promise.all(browsers.map((browser, i) => browser.post('/signin').type('form')
      .send(encodeForm({ _csrf: tokens[i], email: editor.email, password: `parallel guess ${i}` }))));
    const statuses = responses.map((res) => res.status);
    expect(statuses.filter((status) => status === 401)).toHaveLength(PER_PAIR);
    expect(statuses.filter((status) => status === 429)).toHaveLength(20 - PER_PAIR);
    expect((await t.db('editors').where({ id: editor.id }).first('failed_sign_ins')).failed_sign_ins).toBe(PER_PAIR);
  });
});

describe('telling the editor', () => {
  it('shows the number of failed sign-ins since the last one on the first page after signing in, once', async () => {
    const editor = await addEditor(t);
    await signIn(t.agent(), editor.email, 'first wrong guess').expect(401);
    await signIn(t.agent(), editor.email, 'second wrong guess').expect(401);
    await signIn(t.agent(), editor.email.toUpperCase(), 'third wrong guess').expect(401);
    // The attempts themselves are forgotten after the window; the count for the editor stays.
    await t.db('sign_in_attempts').delete();

    const agent = t.agent();
    await signIn(agent, editor.email, PASSWORD).expect(303);
    const first = visibleText((await agent.get('/').expect(200)).text);
    expect(first).toContain('3 failed sign-in attempts on your account since your last sign-in.');
    expect(visibleText((await agent.get('/').expect(200)).text)).not.toContain('failed sign-in');

    const again = t.agent();
    await signIn(again, editor.email, PASSWORD).expect(303);
    expect(visibleText((await again.get('/').expect(200)).text)).not.toContain('failed sign-in');
  });
});
