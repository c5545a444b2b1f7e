import pino from 'pino';
import supertest from 'supertest';
import { createApp } from '../server/app';
import { loadConfig } from '../server/config';
import { addEditor, csrfFrom, encodeForm, PASSWORD, signIn } from './support/app';
import { createTestDb, TestDb } from './support/db';

// The security log: sign-ins, failures and refusals recorded, and never a password.

describe('security log', () => {
  const lines: string[] = [];
  let testDb: TestDb;
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    testDb = await createTestDb();
    // A logger without redaction: the app itself must never hand a password to the log.
    const logger = pino({ level: 'debug' }, { write: (line: string) => void lines.push(line) });
    app = createApp({ db: testDb.db, config: loadConfig({ NODE_ENV: 'test' }), logger, sessionSecret: 'test secret' });
  });
  afterAll(() => testDb.drop());

  const events = () => lines.map((line) => JSON.parse(line)).filter((entry) => entry.msg === 'security').map((entry) => entry.event);

  it('records sign-ins, failures, sign-outs and refusals without any password', async () => {
    const editor = await addEditor(testDb);
    const wrong = 'Tr0ub4dor&3 wrong guess';
    const browser = supertest.agent(app);
    await signIn(browser, editor.email, wrong).expect(401);
    await signIn(browser, editor.email, PASSWORD).expect(303);
    await browser.post('/sources').type('form').send(encodeForm({ name: 'x', kind: 'person' })).expect(403);
    const home = await browser.get('/').expect(200);
    await browser.post('/signout').type('form').send(encodeForm({ _csrf: csrfFrom(home.text) })).expect(303);
    await browser.get('/disputes/new').expect(303);

    expect(events()).toEqual(expect.arrayContaining(['sign_in_failed', 'sign_in', 'csrf_failed', 'sign_out', 'access_denied']));
    const log = lines.join('\n');
    expect(log).not.toContain(wrong);
    expect(log).not.toContain(PASSWORD);
    expect(log).not.toContain(editor.password_hash);
  });
});
