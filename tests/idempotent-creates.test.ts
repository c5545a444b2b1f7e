import { deleteOldIdempotencyKeys } from '../db/idempotency-keys';
import { Agent, startTestApp, TestApp } from './support/app';
import { usingPostgres } from './support/db';
import { installFailpoint, SLOW_FAILPOINT } from './support/failpoint';
import { formOnPage, withChanges } from './support/page-form';
import { LOSSES, PONOMAREV_SLUG } from './support/founding-case';

// Every create form carries a one-time key: sent twice (a double click, a proxy's retry, "Send
// again" after a lost reply) it creates one record, and both answers lead to it.

const KEY = /^[A-Za-z0-9_-]{22}$/;

interface CreateForm {
  name: string;
  /** The page with the form, for the agent that sends it. */
  page: () => string;
  changes: (marker: string) => Record<string, string | string[]>;
  /** The created records, found by the marker typed into them. */
  count: (marker: string) => Promise<number>;
  reader?: boolean;
}

let t: TestApp;
let editor: Agent;
let claimA: number;
let claimB: number;
let positionId: number;
let sourceId: number;
let markers = 0;

beforeAll(async () => {
  t = await startTestApp({ seed: true });
  ({ agent: editor } = await t.signedIn());
  const dispute = await t.db('disputes').where('slug', LOSSES.split('/').pop()).first('id');
  positionId = (await t.db('positions').where('dispute_id', dispute.id).orderBy('sort_order').first('id')).id;
  sourceId = (await t.db('sources').where('slug', PONOMAREV_SLUG).first('id')).id;
  // Two fresh claims, so a link between them is new.
  for (const text of ['First claim to link', 'Second claim to link']) {
    const form = formOnPage((await editor.get(`${LOSSES}/claims/new`).expect(200)).text);
    await editor.post(form.action).type('form').send(withChanges(form.pairs, claimFields(text))).expect(303);
  }
  claimA = (await t.db('claims').where('text', 'First claim to link').first('id')).id;
  claimB = (await t.db('claims').where('text', 'Second claim to link').first('id')).id;
});
afterAll(() => t.drop());

function claimFields(text: string): Record<string, string> {
  return {
    position_id: String(positionId), source_id: String(sourceId), text, wording: 'paraphrase', said_on: '2023-05-22', venue: 'Telegram',
    status: 'unverified', rationale: 'Not checked yet.',
  };
}

const count = (table: string, where: (marker: string) => Record<string, unknown>) => async (marker: string) =>
  Number((await t.db(table).where(where(marker)).count({ n: '*' }).first())!.n);

const FORMS: CreateForm[] = [
  {
    name: 'source', page: () => '/sources/new', changes: (m) => ({ name: m, kind: 'person' }), count: count('sources', (m) => ({ name: m })),
  },
  {
    name: 'dispute', page: () => '/disputes/new',
    changes: (m) => ({ title: m, summary: 'What happened.', position_label: ['Yes', 'No', '', '', '', ''] }),
    count: count('disputes', (m) => ({ title: m })),
  },
  {
    name: 'claim', page: () => `${LOSSES}/claims/new`, changes: claimFields, count: count('claims', (m) => ({ text: m })),
  },
  {
    name: 'link', page: () => `/claims/${claimA}/links/new`, changes: (m) => ({ to_claim_id: String(claimB), type: 'contradicts', note: m }),
    count: count('claim_links', (m) => ({ note: m })),
  },
  {
    name: 'evidence', page: () => `/claims/${claimA}/evidence/new`, changes: (m) => ({ title: m, kind: 'independent_report', bearing: 'supports' }),
    count: count('evidence', (m) => ({ title: m })),
  },
  {
    name: 'tip', page: () => `${LOSSES}/tip`, changes: (m) => ({ body: m }), count: count('tips', (m) => ({ body: m })), reader: true,
  },
];

function nextMarker(what: string): string {
  markers += 1;
  return `Idempotent ${what} ${markers}`;
}

/** The one-line notice a page shows after a redirect. */
function notice(html: string): string | undefined {
  return html.match(/class="notice">([^<]*)</)?.[1];
}

async function openForm(agent: Agent, page: string) {
  const form = formOnPage((await agent.get(page).expect(200)).text);
  const key = form.pairs.find(([name]) => name === '_idempotency_key')?.[1];
  return { form, key };
}

describe('a create form sent twice', () => {
  it.each(FORMS.map((form) => [form.name, form] as const))('%s: creates one record, and both answers redirect to it with the same notice', async (_name, create) => {
    const agent = create.reader ? t.agent() : editor;
    const marker = nextMarker(create.name);
    const { form, key } = await openForm(agent, create.page());
    expect(key).toMatch(KEY);
    const body = withChanges(form.pairs, create.changes(marker));

    const first = await agent.post(form.action).type('form').send(body);
    const firstNotice = notice((await agent.get(first.headers.location).expect(200)).text);
    const second = await agent.post(form.action).type('form').send(body);
    const secondNotice = notice((await agent.get(second.headers.location).expect(200)).text);

    expect([first.status, second.status]).toEqual([303, 303]);
    expect(second.headers.location).toBe(first.headers.location);
    expect(await create.count(marker)).toBe(1);
    expect(firstNotice).toBeTruthy();
    expect(secondNotice).toBe(firstNotice);
  });

  it('each form page offers a fresh key', async () => {
    const keys = new Set<string | undefined>();
    for (let i = 0; i < 3; i += 1) keys.add((await openForm(editor, '/sources/new')).key);
    expect(keys.size).toBe(3);
  });
});

describe('a create form without a key (an old page, a script)', () => {
  it('creates each time, as it always did', async () => {
    const marker = nextMarker('keyless source');
    const { form } = await openForm(editor, '/sources/new');
    const body = withChanges(form.pairs.filter(([name]) => name !== '_idempotency_key'), { name: marker, kind: 'person' });
    await editor.post(form.action).type('form').send(body).expect(303);
    await editor.post(form.action).type('form').send(body).expect(303);
    expect(await count('sources', (m) => ({ name: m }))(marker)).toBe(2);
  });
});

describe('a form re-rendered with errors', () => {
  it('keeps its key, so the corrected form sent twice still creates once', async () => {
    const marker = nextMarker('corrected source');
    const { form, key } = await openForm(editor, '/sources/new');
    const refused = await editor.post(form.action).type('form').send(withChanges(form.pairs, { name: '' })).expect(422);
    const again = formOnPage(refused.text);
    expect(again.pairs).toContainEqual(['_idempotency_key', key]);
    const body = withChanges(again.pairs, { name: marker, kind: 'person' });
    const answers = [await editor.post(again.action).type('form').send(body), await editor.post(again.action).type('form').send(body)];
    expect(answers.map((res) => res.status)).toEqual([303, 303]);
    expect(await count('sources', (m) => ({ name: m }))(marker)).toBe(1);
  });
});

describe('a key belongs to who sent it and to its form', () => {
  it('another editor sending the same key creates their own record, not a redirect to the first one', async () => {
    const marker = nextMarker('scoped source');
    const { form } = await openForm(editor, '/sources/new');
    const body = withChanges(form.pairs, { name: marker, kind: 'person' });
    const mine = await editor.post(form.action).type('form').send(body).expect(303);

    const { agent: other } = await t.signedIn();
    const theirs = formOnPage((await other.get('/sources/new').expect(200)).text);
    const key = form.pairs.find(([name]) => name === '_idempotency_key')![1];
    const replayed = await other.post(theirs.action).type('form').send(withChanges(theirs.pairs, { name: marker, kind: 'person', _idempotency_key: key })).expect(303);
    expect(replayed.headers.location).not.toBe(mine.headers.location);
    expect(await count('sources', (m) => ({ name: m }))(marker)).toBe(2);
  });

  it('the same key sent to another create form creates there', async () => {
    const marker = nextMarker('cross-form');
    const { form, key } = await openForm(editor, '/sources/new');
    await editor.post(form.action).type('form').send(withChanges(form.pairs, { name: marker, kind: 'person' })).expect(303);
    const dispute = formOnPage((await editor.get('/disputes/new').expect(200)).text);
    const changes = { title: marker, summary: 'S.', position_label: ['Yes', 'No', '', '', '', ''], _idempotency_key: key! };
    const res = await editor.post(dispute.action).type('form').send(withChanges(dispute.pairs, changes)).expect(303);
    expect(res.headers.location).toMatch(/^\/disputes\//);
    expect(await count('disputes', (m) => ({ title: m }))(marker)).toBe(1);
  });

  it('a reader’s tip key is their browser’s: another reader sending it sends their own tip', async () => {
    const marker = nextMarker('scoped tip');
    const reader = t.agent();
    const { form } = await openForm(reader, `${LOSSES}/tip`);
    const body = withChanges(form.pairs, { body: marker });
    await reader.post(form.action).type('form').send(body).expect(303);

    const other = t.agent();
    const theirs = formOnPage((await other.get(`${LOSSES}/tip`).expect(200)).text);
    const key = form.pairs.find(([name]) => name === '_idempotency_key')![1];
    await other.post(theirs.action).type('form').send(withChanges(theirs.pairs, { body: marker, _idempotency_key: key })).expect(303);
    expect(await count('tips', (m) => ({ body: m }))(marker)).toBe(2);
  });
});

describe('two sends of one key at the same moment', () => {
  beforeAll(() => installFailpoint(t.db, 1));

  it('create one record: the second waits for the first and answers its redirect', async () => {
    // On PostgreSQL the first save stalls a second in its transaction, so the two truly overlap.
    const marker = nextMarker(usingPostgres ? `source ${SLOW_FAILPOINT}` : 'source');
    const { form } = await openForm(editor, '/sources/new');
    const body = withChanges(form.pairs, { name: marker, kind: 'person' });
    const answers = await Promise.all([1, 2].map(() => editor.post(form.action).type('form').send(body).then((res) => res)));
    expect(answers.map((res) => res.status)).toEqual([303, 303]);
    expect(answers[1].headers.location).toBe(answers[0].headers.location);
    expect(await count('sources', (m) => ({ name: m }))(marker)).toBe(1);
    const source = await t.db('sources').where({ name: marker }).first('id');
    expect(await count('revisions', () => ({ entity_type: 'source', entity_id: source.id }))('')).toBe(1);
  });
});

describe('keys are forgotten after a day', () => {
  it('by the housekeeping delete, after which the same key creates again', async () => {
    const marker = nextMarker('day-old source');
    const { form, key } = await openForm(editor, '/sources/new');
    const body = withChanges(form.pairs, { name: marker, kind: 'person' });
    await editor.post(form.action).type('form').send(body).expect(303);
    const dayAgo = new Date(Date.now() - 24 * 3600_000);
    expect(await deleteOldIdempotencyKeys(t.db, dayAgo)).toBe(0);
    await t.db('idempotency_keys').where({ key }).update({ created_at: new Date(Date.now() - 25 * 3600_000) });
    expect(await deleteOldIdempotencyKeys(t.db, dayAgo)).toBe(1);
    await editor.post(form.action).type('form').send(body).expect(303);
    expect(await count('sources', (m) => ({ name: m }))(marker)).toBe(2);
  });
});

describe('a create that declines (a reader over the tip limit)', () => {
  it('keeps the form and its key but stores no key, so the same form can be sent once the limit has passed', async () => {
    const reader = t.agent();
    let refused;
    for (let i = 0; i < 6 && !refused; i += 1) {
      const { form } = await openForm(reader, `${LOSSES}/tip`);
      const res = await reader.post(form.action).type('form').send(withChanges(form.pairs, { body: nextMarker('tip towards the limit') }));
      if (res.status === 429) refused = { res, key: form.pairs.find(([name]) => name === '_idempotency_key')![1] };
    }
    expect(refused).toBeDefined();
    expect(formOnPage(refused!.res.text).pairs).toContainEqual(['_idempotency_key', refused!.key]);
    expect(await t.db('idempotency_keys').where({ key: refused!.key }).first()).toBeUndefined();
  });
});
