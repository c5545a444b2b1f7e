import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { addEditor, Agent, csrfFrom, encodeForm, ListeningTestApp, startListeningTestApp, startTestApp, TestApp, visibleText } from './support/app';
import { createTestDb, TestDb, usingPostgres } from './support/db';
import { prepareDataDir, ServerProcess, startServer } from './support/server-process';
import { formOnPage, withChanges } from './support/page-form';

/** Writes raw bytes to a listening server; resolves with everything it answered once it closes the connection. */
function rawExchange(port: number, send: (socket: net.Socket) => void, giveUpMs: number): Promise<{ answer: string; closedAfterMs: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    let answer = '';
    const socket = net.connect(port, '127.0.0.1', () => send(socket));
    socket.on('data', (chunk) => (answer += chunk));
    socket.on('error', () => undefined); // the server may reset while we still write: what it answered is what counts
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ answer, closedAfterMs: Date.now() - started });
    });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`the connection was still open after ${giveUpMs} ms; answered so far: ${answer.slice(0, 200)}`));
    }, giveUpMs);
  });
}

describe('a form past the body limit', () => {
  let t: TestApp;
  let editor: Agent;

  beforeAll(async () => {
    t = await startTestApp({ seed: true });
    editor = (await t.signedIn()).agent;
  });
  afterAll(() => t.drop());

  async function newDisputeFields(summary: string) {
    const token = csrfFrom((await editor.get('/disputes/new').expect(200)).text);
    return { _csrf: token, title: 'Was the bridge hit on 12 July?', summary, position_label: ['Yes', 'No'], state: 'draft', edit_summary: 'First draft' };
  }

  it('is refused with 413 but shows every typed field again, names the long one and truncates nothing', async () => {
    const summary = `Начало ${'Очень длинное резюме. '.repeat(9000)}конец`;
    const response = await editor.post('/disputes').type('form').send(encodeForm(await newDisputeFields(summary))).expect(413);
    const text = visibleText(response.text);
    expect(text).toContain('“Summary” is');
    expect(text).toContain(`${summary.length.toLocaleString('en')} characters long`);
    expect(text).toContain('Nothing you typed is lost');
    expect(text).toContain('Was the bridge hit on 12 July?');
    expect(text).toContain('First draft');
    expect(text).toContain(summary); // the whole of it, to shorten in place
    expect(response.text).toMatch(/<form method="post" action="\/disputes"/);
    expect(response.text).toMatch(/Too long: [\d,]+ characters\.<\/p>\s*<textarea[^>]*name="summary"[^>]*aria-invalid="true"/);
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('lets the kept form be sent again once the long field is shortened', async () => {
    const fields = await newDisputeFields('x'.repeat(400_000));
    const first = await editor.post('/disputes').type('form').send(encodeForm(fields)).expect(413);
    // What a browser sends from the kept form: its hidden and typed fields, the long one shortened.
    const kept = formOnPage(first.text);
    expect(kept.action).toBe('/disputes');
    const resent = withChanges(kept.pairs, { summary: 'A short summary.' });
    const saved = await editor.post('/disputes').type('form').send(resent).expect(303);
    expect(saved.headers.location).toMatch(/^\/disputes\/was-the-bridge-hit-on-12-july/);
  });

  it('keeps the fields of a form with too many of them, and says so', async () => {
    const fields = { ...(await newDisputeFields('Short.')), position_label: Array.from({ length: 300 }, (_, i) => `Position ${i + 1}`) };
    const response = await editor.post('/disputes').type('form').send(encodeForm(fields)).expect(413);
    const text = visibleText(response.text);
    expect(text).toContain('This form sent 305 fields');
    expect(text).toContain('Position 300');
  });
});

describe('a request that declares a huge body, on a listening server', () => {
  let t: ListeningTestApp;

  beforeAll(async () => {
    t = await startListeningTestApp();
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('is refused with 413 before any of the body is read, and the connection is closed', async () => {
    const port = Number(new URL(t.baseUrl).port);
    const { answer } = await rawExchange(port, (socket) => {
      socket.write('POST /signin HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 10737418240\r\n\r\nemail=');
    }, 10_000);
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer).toMatch(/connection: close/i);
    expect(answer).toContain('none of it was read');
  });
});

/**
 * Node answers a timed-out request with 408 and closes at once. When the client is still sending,
 * the close is a reset, and a reset that arrives before a busy client has read the 408 discards it:
 * then the connection simply ends. Either way the server let go, and not before the limit.
 */
function expectClosedByTimeout(answer: string, closedAfterMs: number, limitMs: number): void {
  if (answer !== '') expect(answer).toMatch(/^HTTP\/1\.1 408 /);
  expect(closedAfterMs).toBeGreaterThanOrEqual(limitMs - 100);
}

describe('slow clients against the server process', () => {
  let testDb: TestDb | undefined;
  let dataDir: string;
  let server: ServerProcess;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-slow-'));
    let env: Record<string, string>;
    if (usingPostgres) {
      testDb = await createTestDb();
      env = { DATABASE_URL: testDb.url! };
    } else {
      await prepareDataDir(dataDir, async (db) => void (await addEditor({ db })));
      env = { DATA_DIR: dataDir };
    }
    server = await startServer({ ...env, REQUEST_TIMEOUT_SECONDS: '3', HEADERS_TIMEOUT_SECONDS: '2' });
  }, 120_000);
  afterAll(async () => {
    server?.child.kill('SIGKILL');
    await testDb?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const port = () => Number(new URL(server.url).port);

  it('closes a connection whose headers never finish (HEADERS_TIMEOUT_SECONDS)', async () => {
    const { answer, closedAfterMs } = await rawExchange(port(), (socket) => socket.write('GET / HTTP/1.1\r\nHost: localhost\r\nX-Slow: '), 20_000);
    expectClosedByTimeout(answer, closedAfterMs, 2000);
  });

  it('closes a connection whose body trickles in (REQUEST_TIMEOUT_SECONDS)', async () => {
    const { answer, closedAfterMs } = await rawExchange(port(), (socket) => {
      socket.write('POST /signin HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n\r\n');
      const drip = setInterval(() => (socket.writable ? socket.write('a') : clearInterval(drip)), 500);
      socket.on('close', () => clearInterval(drip));
    }, 20_000);
    expectClosedByTimeout(answer, closedAfterMs, 3000);
  });
});
