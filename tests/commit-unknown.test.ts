import type { Express } from 'express';
import supertest from 'supertest';
import { createDb, Db } from '../db/knex';
import { runSeeds } from '../db/seed';
import { createApp } from '../server/app';
import { loadConfig } from '../server/config';
import { createLogger } from '../server/logger';
import { addEditor, Agent, PASSWORD, signIn, visibleText } from './support/app';
import { createTestDb, TestDb, usingPostgres } from './support/db';
import { formOnPage, withChanges } from './support/page-form';
import { PgCutter, startPgCutter } from './support/pg-cutter';
import { LOSSES } from './support/founding-case';

// A save whose connection breaks after COMMIT was sent may well be committed: the page must say
// so, point to where to look, and send the form again without creating a second record. Only
// PostgreSQL has a connection to cut; the embedded engine runs in the app's own process.

const onPostgres = usingPostgres ? describe : describe.skip;
if (!usingPostgres) {
  // eslint-disable-next-line no-console
  console.info('commit-unknown.test.ts: skipped on the embedded engine: it needs a TCP connection to PostgreSQL to cut (set DATABASE_URL).');
}

onPostgres('a save whose connection breaks around its COMMIT (PostgreSQL only)', () => {
  let t: TestDb;
  let cutter: PgCutter;
  let appDb: Db;
  let app: Express;
  let editor: Agent;
  beforeAll(async () => {
    t = await createTestDb();
    await runSeeds(t.db);
    cutter = await startPgCutter(t.url!);
    appDb = createDb({ databaseUrl: cutter.url, poolMax: 3, logger: createLogger('silent') });
    app = createApp({ db: appDb, config: loadConfig({ NODE_ENV: 'test' }), logger: createLogger('silent'), sessionSecret: 'test secret' });
    const account = await addEditor(t);
    editor = supertest.agent(app);
    await signIn(editor, account.email, PASSWORD).expect(303);
  });
  afterAll(async () => {
    await appDb.destroy();
    await cutter.close();
    await t.drop();
  });

  const sources = async (name: string) => t.db('sources').where({ name }).pluck('slug');

  it('whose reply to COMMIT is lost: the page says it may have been saved, links to check, and sending again does not duplicate', async () => {
    const name = 'Committed, reply lost';
    const form = formOnPage((await editor.get('/sources/new').expect(200)).text);
    cutter.cutAt(/^COMMIT/i, 'drop-reply');
    const lost = await editor.post(form.action).type('form').send(withChanges(form.pairs, { name, kind: 'person' }));

    expect(cutter.cuts()).toBe(1);
    expect(lost.status).toBe(503);
    const text = visibleText(lost.text);
    expect(text).toContain('What you sent may have been saved');
    expect(text).not.toContain('has not been saved');
    expect(lost.text).toContain('<a href="/sources">Check whether it is there</a>');
    expect(text).toContain('Sending it again is safe');
    expect(await sources(name)).toHaveLength(1);

    const again = formOnPage(lost.text);
    expect(again.pairs).toContainEqual(['_idempotency_key', form.pairs.find(([field]) => field === '_idempotency_key')![1]]);
    const sent = await editor.post(again.action).type('form').send(withChanges(again.pairs, {})).expect(303);
    const [slug] = await sources(name);
    expect(sent.headers.location).toBe(`/sources/${slug}`);
    expect(await sources(name)).toHaveLength(1);
  });

  it('the same for a claim: the check link is its dispute page, and it is recorded once', async () => {
    const text = 'A claim whose COMMIT reply was lost';
    const page = (await editor.get(`${LOSSES}/claims/new`).expect(200)).text;
    const form = formOnPage(page);
    const positionId = page.match(/name="position_id"[\s\S]*?<option value="(\d+)"/)![1];
    const sourceId = page.match(/name="source_id"[\s\S]*?<option value="(\d+)"/)![1];
    const fields = { position_id: positionId, source_id: sourceId, text, wording: 'paraphrase', said_on: '2023-05-22', venue: 'Telegram', rationale: 'Not checked yet.' };
    cutter.cutAt(/^COMMIT/i, 'drop-reply');
    const lost = await editor.post(form.action).type('form').send(withChanges(form.pairs, fields)).expect(503);
    expect(lost.text).toContain(`<a href="${LOSSES}">Check whether it is there</a>`);
    await editor.post(form.action).type('form').send(withChanges(formOnPage(lost.text).pairs, {})).expect(303);
    expect(await t.db('claims').where({ text }).count({ n: '*' }).first()).toEqual({ n: 1 });
  });

  it('cut before its COMMIT was sent: the page says it was not saved, nothing was, and sending again saves it once', async () => {
    const name = 'Cut before commit';
    const form = formOnPage((await editor.get('/sources/new').expect(200)).text);
    cutter.cutAt(/^insert into "sources"/i, 'cut-before');
    const cut = await editor.post(form.action).type('form').send(withChanges(form.pairs, { name, kind: 'person' })).expect(503);

    expect(visibleText(cut.text)).toContain('What you sent has not been saved yet');
    expect(cut.text).not.toContain('may have been saved');
    expect(await sources(name)).toHaveLength(0);
    await editor.post(form.action).type('form').send(withChanges(formOnPage(cut.text).pairs, {})).expect(303);
    expect(await sources(name)).toHaveLength(1);
  });

  it('an edit whose reply to COMMIT is lost also says it may have been saved (a second send meets the newer version)', async () => {
    const [slug] = await sources('Committed, reply lost');
    const form = formOnPage((await editor.get(`/sources/${slug}/edit`).expect(200)).text);
    cutter.cutAt(/^COMMIT/i, 'drop-reply');
    const lost = await editor.post(form.action).type('form').send(withChanges(form.pairs, { stake: 'changed once' })).expect(503);
    expect(visibleText(lost.text)).toContain('What you sent may have been saved');
    expect(await t.db('sources').where({ slug }).first('stake')).toEqual({ stake: 'changed once' });
  });
});
