import { Agent, csrfFrom, encodeForm, Fields, startTestApp, TestApp, visibleText } from './support/app';

// Every editor form through real HTTP on a real database: the happy path, the refusals
// (422 with the input kept and a message by each field, nothing written), drafts,
// hostile text and optimistic locking.

const HUGE = 'x'.repeat(100_000);
const NEXT_YEAR = `${new Date().getUTCFullYear() + 1}-01-15`;
const CONTENT_TABLES = ['sources', 'disputes', 'positions', 'claims', 'claim_links', 'status_changes', 'revisions'] as const;

function decodeEntities(value: string): string {
  return value
    .replace(/&#34;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function attribute(tag: string, name: string): string | undefined {
  const match = tag.match(new RegExp(`\\s${name}="([^"]*)"`));
  return match ? decodeEntities(match[1]) : undefined;
}

interface PageForm {
  action: string;
  fields: Record<string, string | string[]>;
}

/** The editor form on a page, with the values a browser would send as it stands. */
function editorForm(html: string): PageForm {
  const form = html.match(/<form method="post" action="([^"]*)" class="editor-form"[^>]*>([\s\S]*?)<\/form>/);
  if (!form) throw new Error('no editor form on the page');
  const collected: Record<string, string[]> = {};
  const add = (name: string | undefined, value: string) => {
    if (name) (collected[name] ??= []).push(value);
  };
  const controls = /<input\b[^>]*>|<textarea\b([^>]*)>([\s\S]*?)<\/textarea>|<select\b([^>]*)>([\s\S]*?)<\/select>/g;
  for (const control of form[2].matchAll(controls)) {
    if (control[0].startsWith('<input')) {
      add(attribute(control[0], 'name'), attribute(control[0], 'value') ?? '');
    } else if (control[0].startsWith('<textarea')) {
      add(attribute(control[1], 'name'), decodeEntities(control[2]));
    } else {
      const options = [...control[4].matchAll(/<option value="([^"]*)"( selected)?>/g)];
      const chosen = options.find((option) => option[2]) ?? options[0];
      add(attribute(control[3], 'name'), chosen ? decodeEntities(chosen[1]) : '');
    }
  }
  const fields = Object.fromEntries(Object.entries(collected).map(([name, values]) => [name, values.length === 1 ? values[0] : values]));
  return { action: decodeEntities(form[1]), fields };
}

/** The message shown beside one field (positions have their own fieldset message). */
function fieldError(html: string, name: string): string | undefined {
  const id = name === 'positions' ? 'positions-error' : `field-${name}-error`;
  const match = html.match(new RegExp(`id="${id}"><span class="visually-hidden">Error: </span>([^<]*)</p>`));
  return match ? decodeEntities(match[1]) : undefined;
}

/** Opens a form page, changes some fields as a person would, and sends it with the page's token. */
async function fillIn(agent: Agent, formPage: string, changes: Fields) {
  const page = await agent.get(formPage).expect(200);
  const form = editorForm(page.text);
  return agent.post(form.action).type('form').send(encodeForm({ ...form.fields, _csrf: csrfFrom(page.text), ...changes }));
}

/** Six position rows as the dispute form sends them: the labels given, then empty rows. */
function positionLabels(...labels: string[]): string[] {
  return [...labels, ...Array(6 - labels.length).fill('')];
}

async function contentCounts(t: TestApp): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of CONTENT_TABLES) counts[table] = Number((await t.db(table).count({ n: '*' }).first())!.n);
  return counts;
}

/** Sends a form that must be refused: 422, the form again with its error summary, and nothing saved. */
async function expectRefused(t: TestApp, send: () => Promise<{ status: number; text: string }>) {
  const before = await contentCounts(t);
  const res = await send();
  expect(res.status).toBe(422);
  expect(res.text).toContain('This could not be saved yet');
  expect(res.text).toContain('class="editor-form"');
  expect(await contentCounts(t)).toEqual(before);
  return res;
}

async function recordSource(t: TestApp, agent: Agent, fields: Fields) {
  const res = await fillIn(agent, '/sources/new', { kind: 'person', ...fields });
  expect(res.status).toBe(303);
  const slug = res.headers.location.replace(/^\/sources\//, '');
  return t.db('sources').where({ slug }).first();
}

async function recordDispute(t: TestApp, agent: Agent, fields: Fields & { title: string }, labels = ['Yes', 'No']) {
  const res = await fillIn(agent, '/disputes/new', { position_label: positionLabels(...labels), ...fields });
  expect(res.status).toBe(303);
  const slug = res.headers.location.replace(/^\/disputes\//, '');
  const dispute = await t.db('disputes').where({ slug }).first();
  const positions = await t.db('positions').where({ dispute_id: dispute.id }).orderBy('sort_order');
  return { ...dispute, positions };
}

const CLAIM_DEFAULTS = {
  wording: 'verbatim', said_on: '2023-05-23', said_on_precision: 'day', venue: 'Interview with FRANCE 24',
  status: 'unverified', rationale: 'Not yet checked against independent evidence.',
};

async function recordClaim(agent: Agent, disputeSlug: string, fields: Fields): Promise<number> {
  const res = await fillIn(agent, `/disputes/${disputeSlug}/claims/new`, { ...CLAIM_DEFAULTS, ...fields });
  expect(res.status).toBe(303);
  return Number(res.headers.location.match(/#claim-(\d+)$/)![1]);
}

/** The home page's list of published disputes, as text. */
function publishedOnHome(homeText: string): string {
  return homeText.split('Recently updated disputes')[1];
}

/** The home page's drafts section (editors only), as text; empty when there is none. */
function draftsOnHome(homeText: string): string {
  return homeText.includes('Drafts (editors only)') ? homeText.split('Drafts (editors only)')[1].split('Recently updated disputes')[0] : '';
}

/** Columns of a dispute page, one per position, as a reader sees them. */
function positionColumns(html: string): string[] {
  return html.split('<section class="position"').slice(1)
    .map((column) => visibleText(column.slice(column.indexOf('>') + 1).split('</section>')[0]));
}

// One app and database for the file (a boot costs seconds); each test records its own, uniquely named data.
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.drop());

describe('editor forms are for signed-in editors', () => {
  it('sends anonymous visitors to sign in, and refuses their posts even with a valid form token', async () => {
    for (const path of ['/sources/new', '/disputes/new', '/sources/anyone/edit', '/claims/1/edit', '/claims/1/status', '/claims/1/links/new']) {
      const res = await t.agent().get(path).expect(303);
      expect(res.headers.location).toBe(`/signin?next=${encodeURIComponent(path)}`);
    }
    const before = await contentCounts(t);
    const visitor = t.agent();
    const signInPage = await visitor.get('/signin').expect(200);
    const res = await visitor.post('/sources').type('form')
      .send(encodeForm({ _csrf: csrfFrom(signInPage.text), name: 'Sneaky source', kind: 'person' }));
    expect(res.status).toBe(401);
    expect(visibleText(res.text)).toContain('Only signed-in editors can do this.');
    expect(await contentCounts(t)).toEqual(before);
  });

  it('refuses an editor’s post without the form token', async () => {
    const { agent } = await t.signedIn();
    const before = await contentCounts(t);
    const res = await agent.post('/sources').type('form').send(encodeForm({ name: 'No token', kind: 'person' }));
    expect(res.status).toBe(403);
    expect(visibleText(res.text)).toContain('This form has expired');
    expect(await contentCounts(t)).toEqual(before);
  });
});

describe('source form', () => {
  let agent: Agent;
  beforeAll(async () => {
    ({ agent } = await t.signedIn());
  });

  it('creates a source and shows it on its own page', async () => {
    const page = await agent.get('/sources/new').expect(200);
    expect(visibleText(page.text)).toContain('New source');
    expect(editorForm(page.text).fields.kind).toBe('person');

    const res = await fillIn(agent, '/sources/new', {
      name: 'Ministry of Defence of Ukraine', kind: 'government', description: 'The Ukrainian defence ministry.',
      url: 'https://www.mil.gov.ua/', edit_summary: 'Added for the Belgorod disputes',
    });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/sources/ministry-of-defence-of-ukraine');

    const text = visibleText((await agent.get(res.headers.location).expect(200)).text);
    expect(text).toContain('Source created.');
    expect(text).toContain('Ministry of Defence of Ukraine');
    expect(text).toContain('Source · government');
    expect(text).toContain('The Ukrainian defence ministry.');
    expect(text).toContain('https://www.mil.gov.ua/');

    const row = await t.db('sources').where({ slug: 'ministry-of-defence-of-ukraine' }).first();
    expect(row).toMatchObject({ name: 'Ministry of Defence of Ukraine', kind: 'government', url: 'https://www.mil.gov.ua/', affiliation_id: null, version: 1 });
    const revision = await t.db('revisions').where({ entity_type: 'source', entity_id: row.id }).first();
    expect(revision).toMatchObject({ version: 1, summary: 'Added for the Belgorod disputes' });
  });

  it('uses the given web address name, and records an affiliation readers can follow', async () => {
    const legion = await recordSource(t, agent, { name: 'Freedom of Russia Legion', kind: 'military', slug: 'the-legion' });
    expect(legion.slug).toBe('the-legion');
    const person = await recordSource(t, agent, { name: 'Ilya Ponomarev', affiliation_id: String(legion.id) });
    expect(person.affiliation_id).toBe(legion.id);
    const page = await t.agent().get(`/sources/${person.slug}`).expect(200);
    expect(visibleText(page.text)).toContain('Affiliated with Freedom of Russia Legion');
    expect(page.text).toContain('href="/sources/the-legion"');
  });

  it('gives a second source with the same name its own web address', async () => {
    const first = await recordSource(t, agent, { name: 'Belgorod regional administration' });
    const second = await recordSource(t, agent, { name: 'Belgorod regional administration' });
    expect(first.slug).toBe('belgorod-regional-administration');
    expect(second.slug).toBe('belgorod-regional-administration-2');
  });

  it('refuses a missing name, an unknown kind, an overlong description and a javascript: address, keeping the input', async () => {
    const res = await expectRefused(t, () => fillIn(agent, '/sources/new', {
      name: '', kind: 'alien', description: HUGE, url: 'javascript:alert(document.cookie)', slug: 'my-slug',
    }));
    expect(fieldError(res.text, 'name')).toBe('Enter name.');
    expect(fieldError(res.text, 'kind')).toBe('Choose what kind of source this is.');
    expect(fieldError(res.text, 'description')).toBe('Description must be at most 2000 characters (this has 100000).');
    expect(fieldError(res.text, 'url')).toBe('Web address must be a full web address starting with http:// or https://.');
    const { fields } = editorForm(res.text);
    expect(fields.description).toBe(HUGE);
    expect(fields.url).toBe('javascript:alert(document.cookie)');
    expect(fields.slug).toBe('my-slug');
  });

  it('refuses a data: address, an overlong name and a NUL byte', async () => {
    const dataUrl = 'data:text/html,<script>alert(1)</script>';
    const res = await expectRefused(t, () => fillIn(agent, '/sources/new', {
      name: 'y'.repeat(201), description: 'Line one\u0000line two', url: dataUrl,
    }));
    expect(fieldError(res.text, 'url')).toBe('Web address must be a full web address starting with http:// or https://.');
    expect(fieldError(res.text, 'name')).toBe('Name must be at most 200 characters (this has 201).');
    expect(fieldError(res.text, 'description')).toBe('Description contains invisible control characters (such as NUL); remove them.');
    expect(editorForm(res.text).fields.url).toBe(dataUrl);
    expect(res.text).not.toContain('<script>alert(1)');
  });

  it('refuses addresses that are not written out as http:// or https://, with a message rather than an error page', async () => {
    for (const url of ['http:example.org', 'https:/example.org', 'http:\\\\example.org\\path', 'ftp://example.org/']) {
      const res = await expectRefused(t, () => fillIn(agent, '/sources/new', { name: 'Odd address', url }));
      expect(fieldError(res.text, 'url')).toBe('Web address must be a full web address starting with http:// or https://.');
      expect(editorForm(res.text).fields.url).toBe(url);
    }
  });

  it('accepts an address with a capitalised scheme, stored in lower case', async () => {
    const source = await recordSource(t, agent, { name: 'Shouting outlet', url: 'HTTPS://Example.org/Page' });
    expect(source.url).toBe('https://Example.org/Page');
  });

  it('refuses an affiliation with a source that does not exist', async () => {
    const res = await expectRefused(t, () => fillIn(agent, '/sources/new', { name: 'Orphan', affiliation_id: '999999' }));
    expect(fieldError(res.text, 'affiliation_id')).toBe('Choose an existing source.');
    expect(editorForm(res.text).fields.name).toBe('Orphan');

    for (const id of ['2147483648', '9999999999', '0', '-1', '1.5']) {
      const tampered = await expectRefused(t, () => fillIn(agent, '/sources/new', { name: 'Orphan', affiliation_id: id }));
      expect(fieldError(tampered.text, 'affiliation_id')).toBe('Choose an affiliation from the list.');
    }
  });

  it('edits a source, keeping its web address', async () => {
    const source = await recordSource(t, agent, { name: 'FRANCE 24', kind: 'media' });
    const page = await agent.get(`/sources/${source.slug}/edit`).expect(200);
    const form = editorForm(page.text);
    expect(form.fields).toMatchObject({ name: 'FRANCE 24', kind: 'media', version: '1' });
    expect(form.fields.slug).toBeUndefined();

    const res = await fillIn(agent, `/sources/${source.slug}/edit`, {
      name: 'FRANCE 24 (English)', description: 'French international news channel.', slug: 'hijacked', edit_summary: 'Full name',
    });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/sources/${source.slug}`);
    const text = visibleText((await agent.get(res.headers.location).expect(200)).text);
    expect(text).toContain('Source saved.');
    expect(text).toContain('FRANCE 24 (English)');
    expect(text).toContain('French international news channel.');

    const row = await t.db('sources').where({ id: source.id }).first();
    expect(row).toMatchObject({ name: 'FRANCE 24 (English)', slug: source.slug, version: 2 });
    expect(await t.db('revisions').where({ entity_type: 'source', entity_id: source.id }).orderBy('version').pluck('summary'))
      .toEqual(['Created', 'Full name']);
  });

  it('refuses bad edits and leaves the source as it was', async () => {
    const source = await recordSource(t, agent, { name: 'Belgorod governor', kind: 'government' });
    const before = await t.db('sources').where({ id: source.id }).first();

    let res = await expectRefused(t, () => fillIn(agent, `/sources/${source.slug}/edit`, { name: '  ', url: 'data:,hello', description: HUGE }));
    expect(fieldError(res.text, 'name')).toBe('Enter name.');
    expect(fieldError(res.text, 'url')).toBe('Web address must be a full web address starting with http:// or https://.');
    expect(fieldError(res.text, 'description')).toBe('Description must be at most 2000 characters (this has 100000).');
    expect(editorForm(res.text).fields).toMatchObject({ url: 'data:,hello', version: '1' });

    res = await expectRefused(t, () => fillIn(agent, `/sources/${source.slug}/edit`, { affiliation_id: String(source.id) }));
    expect(fieldError(res.text, 'affiliation_id')).toBe('A source cannot be affiliated with itself.');

    res = await expectRefused(t, () => fillIn(agent, `/sources/${source.slug}/edit`, { affiliation_id: '999999', name: 'Renamed governor' }));
    expect(fieldError(res.text, 'affiliation_id')).toBe('Choose an existing source.');
    expect(editorForm(res.text).fields.name).toBe('Renamed governor');

    expect(await t.db('sources').where({ id: source.id }).first()).toEqual(before);
  });
});

describe('dispute form', () => {
  let agent: Agent;
  beforeAll(async () => {
    ({ agent } = await t.signedIn());
  });

  it('offers a draft with six empty position rows', async () => {
    const page = await agent.get('/disputes/new').expect(200);
    const { fields } = editorForm(page.text);
    expect(fields.state).toBe('draft');
    expect(fields.position_label).toEqual(positionLabels());
    expect(fields.position_id).toEqual(positionLabels());
  });

  it('creates a published dispute with its positions, shown to readers and on the home page', async () => {
    const res = await fillIn(agent, '/disputes/new', {
      title: 'Did the raiders reach Kozinka?', summary: 'Both sides describe the first day differently.',
      events_from: '2023-05-22', events_to: '2023-05-25', events_place: 'Belgorod region, Russia',
      position_label: positionLabels('Yes, they held it', '', 'No, they were repelled'), state: 'published',
    });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/disputes/did-the-raiders-reach-kozinka');

    const reader = t.agent();
    const page = await reader.get(res.headers.location).expect(200);
    const text = visibleText(page.text);
    expect(text).toContain('Did the raiders reach Kozinka?');
    expect(text).toContain('Both sides describe the first day differently.');
    expect(text).toContain('Events: 22 May 2023 – 25 May 2023, Belgorod region, Russia');
    expect(positionColumns(page.text).map((column) => column.trim().split(' No claims')[0]))
      .toEqual(['Yes, they held it', 'No, they were repelled']);
    expect(publishedOnHome(visibleText((await reader.get('/').expect(200)).text)))
      .toContain('Did the raiders reach Kozinka? Positions: Yes, they held it vs No, they were repelled');

    const dispute = await t.db('disputes').where({ slug: 'did-the-raiders-reach-kozinka' }).first();
    expect(dispute).toMatchObject({ state: 'published', events_from: '2023-05-22', events_to: '2023-05-25', version: 1 });
    expect(dispute.published_at).not.toBeNull();
    expect(await t.db('positions').where({ dispute_id: dispute.id }).orderBy('sort_order').pluck('label'))
      .toEqual(['Yes, they held it', 'No, they were repelled']);
  });

  it('refuses a missing question, an impossible date, a future date, an unknown state and a single position', async () => {
    const res = await expectRefused(t, () => fillIn(agent, '/disputes/new', {
      title: '', events_from: '2023-02-30', events_to: NEXT_YEAR, state: 'archived', position_label: positionLabels('Only one answer'),
      summary: 'Kept summary',
    }));
    expect(fieldError(res.text, 'title')).toBe('Enter question.');
    expect(fieldError(res.text, 'events_from')).toBe('Start date must be a real date (YYYY-MM-DD).');
    expect(fieldError(res.text, 'events_to')).toBe('End date must be between 1900 and today.');
    expect(fieldError(res.text, 'state')).toBe('Choose draft or published.');
    expect(fieldError(res.text, 'positions')).toBe('A dispute needs at least two positions: the answers that claims give.');
    const { fields } = editorForm(res.text);
    expect(fields).toMatchObject({ events_from: '2023-02-30', events_to: NEXT_YEAR, summary: 'Kept summary' });
    expect(fields.position_label).toEqual(positionLabels('Only one answer'));
  });

  it('refuses an overlong summary, dates out of order, a NUL byte and positions with the same name', async () => {
    const res = await expectRefused(t, () => fillIn(agent, '/disputes/new', {
      title: 'Null\u0000question', summary: HUGE, events_from: '2023-05-25', events_to: '2023-05-22',
      position_label: positionLabels('Same', 'same'),
    }));
    expect(fieldError(res.text, 'title')).toBe('Question contains invisible control characters (such as NUL); remove them.');
    expect(fieldError(res.text, 'summary')).toBe('Summary must be at most 5000 characters (this has 100000).');
    expect(fieldError(res.text, 'positions')).toBe('Each position needs a different name.');
    expect(editorForm(res.text).fields.summary).toBe(HUGE);

    const ordered = await expectRefused(t, () => fillIn(agent, '/disputes/new', {
      title: 'Dates out of order', events_from: '2023-05-25', events_to: '2023-05-22', position_label: positionLabels('A', 'B'),
    }));
    expect(fieldError(ordered.text, 'events_to')).toBe('End date must not be before the start date.');
    expect(editorForm(ordered.text).fields.position_label).toEqual(positionLabels('A', 'B'));
  });

  it('edits a dispute: renames a position, adds one and keeps the ids of the others', async () => {
    const dispute = await recordDispute(t, agent, { title: 'How many were captured?' }, ['None', 'Some']);
    const page = await agent.get(`/disputes/${dispute.slug}/edit`).expect(200);
    const form = editorForm(page.text);
    expect(form.fields).toMatchObject({ title: 'How many were captured?', state: 'draft', version: '1' });
    expect(form.fields.position_label).toEqual(positionLabels('None', 'Some'));
    expect(form.fields.position_id).toEqual(positionLabels(...dispute.positions.map((p: { id: number }) => String(p.id))));

    const res = await fillIn(agent, `/disputes/${dispute.slug}/edit`, {
      title: 'How many fighters were captured?', position_label: positionLabels('None', 'A few', 'Dozens'),
      state: 'published', edit_summary: 'Sharper question',
    });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/disputes/${dispute.slug}`);
    expect(visibleText((await t.agent().get(res.headers.location).expect(200)).text)).toContain('How many fighters were captured?');

    const positions = await t.db('positions').where({ dispute_id: dispute.id }).orderBy('sort_order');
    expect(positions.map((p) => p.label)).toEqual(['None', 'A few', 'Dozens']);
    expect(positions.slice(0, 2).map((p) => p.id)).toEqual(dispute.positions.map((p: { id: number }) => p.id));
    expect(await t.db('disputes').where({ id: dispute.id }).first()).toMatchObject({ version: 2, state: 'published', slug: dispute.slug });
  });

  it('refuses bad edits and leaves the dispute and its positions as they were', async () => {
    const dispute = await recordDispute(t, agent, { title: 'Who shelled Grayvoron?' }, ['Ukraine', 'Russia']);
    const source = await recordSource(t, agent, { name: 'Grayvoron witness' });
    await recordClaim(agent, dispute.slug, { position_id: String(dispute.positions[0].id), source_id: String(source.id), text: 'It was them.' });
    const before = await t.db('disputes').where({ id: dispute.id }).first();

    let res = await expectRefused(t, () => fillIn(agent, `/disputes/${dispute.slug}/edit`, {
      title: 'q'.repeat(301), events_from: '2023-13-01', position_label: positionLabels('Ukraine'),
    }));
    expect(fieldError(res.text, 'title')).toBe('Question must be at most 300 characters (this has 301).');
    expect(fieldError(res.text, 'events_from')).toBe('Start date must be a real date (YYYY-MM-DD).');
    expect(fieldError(res.text, 'positions')).toBe('A dispute needs at least two positions: the answers that claims give.');
    expect(editorForm(res.text).fields).toMatchObject({ title: 'q'.repeat(301), events_from: '2023-13-01', version: '1' });

    res = await expectRefused(t, () => fillIn(agent, `/disputes/${dispute.slug}/edit`, {
      position_id: positionLabels(String(dispute.positions[1].id)), position_label: positionLabels('Russia', 'Someone else'),
    }));
    expect(fieldError(res.text, 'positions')).toBe('“Ukraine” still has claims under it: move them to another position before removing it.');
    expect(editorForm(res.text).fields.position_label).toEqual(positionLabels('Russia', 'Someone else'));

    expect(await t.db('disputes').where({ id: dispute.id }).first()).toEqual(before);
    expect(await t.db('positions').where({ dispute_id: dispute.id }).orderBy('sort_order').pluck('label')).toEqual(['Ukraine', 'Russia']);
  });

  it('refuses the same position sent twice, which would merge two positions into one', async () => {
    const dispute = await recordDispute(t, agent, { title: 'Twice the same position' }, ['First', 'Second']);
    const [first] = dispute.positions.map((p: { id: number }) => String(p.id));
    const res = await expectRefused(t, () => fillIn(agent, `/disputes/${dispute.slug}/edit`, {
      position_id: positionLabels(first, first), position_label: positionLabels('First', 'Second'),
    }));
    expect(fieldError(res.text, 'positions')).toBe('Each position can appear only once; reload the page and try again.');
    expect(await t.db('positions').where({ dispute_id: dispute.id }).orderBy('sort_order').pluck('label')).toEqual(['First', 'Second']);
  });

  it('never lets an edit take over a position of another dispute', async () => {
    const mine = await recordDispute(t, agent, { title: 'Mine' }, ['A', 'B']);
    const theirs = await recordDispute(t, agent, { title: 'Theirs' }, ['C', 'D']);
    const res = await fillIn(agent, `/disputes/${mine.slug}/edit`, {
      position_id: positionLabels(String(mine.positions[0].id), String(theirs.positions[0].id)),
      position_label: positionLabels('A', 'Stolen'),
    });
    expect(res.status).toBe(303);
    expect(await t.db('positions').where({ dispute_id: theirs.id }).orderBy('sort_order').pluck('label')).toEqual(['C', 'D']);
    expect(await t.db('positions').where({ dispute_id: mine.id }).orderBy('sort_order').pluck('label')).toEqual(['A', 'Stolen']);
  });
});

describe('claim form', () => {
  let agent: Agent;
  let dispute: Awaited<ReturnType<typeof recordDispute>>;
  let other: Awaited<ReturnType<typeof recordDispute>>;
  let source: { id: number; slug: string };
  let newClaimPage: string;
  beforeAll(async () => {
    ({ agent } = await t.signedIn());
    source = await recordSource(t, agent, { name: 'Ilya Ponomarev' });
    dispute = await recordDispute(t, agent, { title: 'Did the Legion lose fighters?', state: 'published' }, ['No losses', '70 fighters killed']);
    other = await recordDispute(t, agent, { title: 'Another dispute' }, ['Elsewhere', 'Nowhere']);
    newClaimPage = `/disputes/${dispute.slug}/claims/new`;
  });

  function claimFields(changes: Fields = {}): Fields {
    return { ...CLAIM_DEFAULTS, position_id: String(dispute.positions[0].id), source_id: String(source.id), text: 'We didn’t lose a single soldier.', ...changes };
  }

  it('records a claim under the chosen position, with its first status', async () => {
    const page = await agent.get(`${newClaimPage}?position=${dispute.positions[1].id}`).expect(200);
    expect(editorForm(page.text).fields).toMatchObject({ position_id: String(dispute.positions[1].id), status: 'unverified', said_on_precision: 'day' });

    const res = await fillIn(agent, newClaimPage, claimFields({
      url: 'https://www.france24.com/en/interview', status: 'contested', rationale: 'Russia says otherwise.', edit_summary: 'From the interview',
    }));
    expect(res.status).toBe(303);
    const id = Number(res.headers.location.match(new RegExp(`^/disputes/${dispute.slug}#claim-(\\d+)$`))![1]);

    const html = (await agent.get(`/disputes/${dispute.slug}`).expect(200)).text;
    expect(visibleText(html)).toContain('Claim recorded.');
    const [noLosses, killed] = positionColumns(html);
    expect(noLosses).toContain('“We didn’t lose a single soldier.”');
    expect(noLosses).toContain('Ilya Ponomarev');
    expect(noLosses).toContain('23 May 2023 · Interview with FRANCE 24');
    expect(noLosses).toContain('Contested Russia says otherwise.');
    expect(killed).not.toContain('single soldier');
    expect(html).toContain('<a href="https://www.france24.com/en/interview" rel="nofollow noopener noreferrer">Interview with FRANCE 24</a>');

    const row = await t.db('claims').where({ id }).first();
    expect(row).toMatchObject({
      dispute_id: dispute.id, position_id: dispute.positions[0].id, source_id: source.id, is_verbatim: true,
      said_on: '2023-05-23', status: 'contested', status_rationale: 'Russia says otherwise.', version: 1,
    });
    expect(await t.db('status_changes').where({ claim_id: id })).toEqual([
      expect.objectContaining({ from_status: null, to_status: 'contested', rationale: 'Russia says otherwise.' }),
    ]);
  });

  it('records a paraphrase with a month-precise date and its original-language text', async () => {
    const id = await recordClaim(agent, dispute.slug, claimFields({
      position_id: String(dispute.positions[1].id), text: 'Russian forces killed 70 fighters.', wording: 'paraphrase',
      said_on: '2023-05-17', said_on_precision: 'month', original_text: 'Уничтожено 70 боевиков.', original_language: 'ru',
    }));
    expect(await t.db('claims').where({ id }).first()).toMatchObject({ is_verbatim: false, said_on: '2023-05-01', said_on_precision: 'month' });
    const text = visibleText((await agent.get(`/claims/${id}`).expect(200)).text);
    expect(text).toContain('Paraphrase: Russian forces killed 70 fighters.');
    expect(text).toContain('May 2023 · Interview with FRANCE 24');
    expect(text).toContain('Original (ru) Уничтожено 70 боевиков.');
  });

  it('refuses missing and malformed fields, keeping everything typed', async () => {
    const res = await expectRefused(t, () => fillIn(agent, newClaimPage, claimFields({
      position_id: '', source_id: '', text: '', wording: 'sort of', said_on: '2023-02-30', venue: '',
      url: 'javascript:alert(1)', status: 'maybe', rationale: '', original_text: 'Без языка',
    })));
    expect(fieldError(res.text, 'position_id')).toBe('Choose the position this claim takes.');
    expect(fieldError(res.text, 'source_id')).toBe('Choose who made the claim.');
    expect(fieldError(res.text, 'text')).toBe('Enter claim.');
    expect(fieldError(res.text, 'wording')).toBe('Say whether this is a verbatim quote or a paraphrase.');
    expect(fieldError(res.text, 'said_on')).toBe('Date said must be a real date (YYYY-MM-DD).');
    expect(fieldError(res.text, 'venue')).toBe('Enter where it was said.');
    expect(fieldError(res.text, 'url')).toBe('Web address must be a full web address starting with http:// or https://.');
    expect(fieldError(res.text, 'status')).toBe('Choose a verification status.');
    expect(fieldError(res.text, 'rationale')).toBe('Enter rationale.');
    expect(editorForm(res.text).fields).toMatchObject({ said_on: '2023-02-30', url: 'javascript:alert(1)', original_text: 'Без языка' });
  });

  it('refuses a future date, a 100 kB claim, a NUL byte, a data: address and half an original', async () => {
    const res = await expectRefused(t, () => fillIn(agent, newClaimPage, claimFields({
      said_on: NEXT_YEAR, text: HUGE, venue: 'Studio\u0000B', url: 'data:text/html;base64,PHNjcmlwdD4=',
      original_language: 'ru',
    })));
    expect(fieldError(res.text, 'said_on')).toBe('Date said must be between 1900 and today.');
    expect(fieldError(res.text, 'text')).toBe('Claim must be at most 5000 characters (this has 100000).');
    expect(fieldError(res.text, 'venue')).toBe('Where it was said contains invisible control characters (such as NUL); remove them.');
    expect(fieldError(res.text, 'url')).toBe('Web address must be a full web address starting with http:// or https://.');
    const { fields } = editorForm(res.text);
    expect(fields.text).toBe(HUGE);
    expect(fields.said_on).toBe(NEXT_YEAR);

    const sloppy = await expectRefused(t, () => fillIn(agent, newClaimPage, claimFields({ url: 'https:example.org/interview' })));
    expect(fieldError(sloppy.text, 'url')).toBe('Web address must be a full web address starting with http:// or https://.');

    const pair = await expectRefused(t, () => fillIn(agent, newClaimPage, claimFields({ original_language: 'ru' })));
    expect(fieldError(pair.text, 'original_language')).toBe('Give both the original-language text and its language, or neither.');
  });

  it('refuses a source that does not exist and a position of another dispute', async () => {
    let res = await expectRefused(t, () => fillIn(agent, newClaimPage, claimFields({ source_id: '999999', text: 'Ghost source' })));
    expect(fieldError(res.text, 'source_id')).toBe('Choose a source from the list.');
    expect(editorForm(res.text).fields.text).toBe('Ghost source');

    res = await expectRefused(t, () => fillIn(agent, newClaimPage, claimFields({ position_id: String(other.positions[0].id), text: 'Wrong dispute' })));
    expect(fieldError(res.text, 'position_id')).toBe('Choose one of this dispute’s positions.');
    expect(editorForm(res.text).fields.text).toBe('Wrong dispute');

    res = await expectRefused(t, () => fillIn(agent, newClaimPage, claimFields({ position_id: '999999' })));
    expect(fieldError(res.text, 'position_id')).toBe('Choose one of this dispute’s positions.');
  });

  it('edits a claim without touching its status', async () => {
    const id = await recordClaim(agent, dispute.slug, claimFields({ text: 'First wording.', status: 'contested', rationale: 'Disputed.' }));
    const page = await agent.get(`/claims/${id}/edit`).expect(200);
    expect(editorForm(page.text).fields).toMatchObject({
      text: 'First wording.', wording: 'verbatim', source_id: String(source.id), position_id: String(dispute.positions[0].id),
      said_on: '2023-05-23', venue: 'Interview with FRANCE 24', version: '1',
    });

    const res = await fillIn(agent, `/claims/${id}/edit`, {
      text: 'Corrected wording.', position_id: String(dispute.positions[1].id), url: 'http://example.org/source', edit_summary: 'Typo',
    });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/claims/${id}`);
    const text = visibleText((await agent.get(res.headers.location).expect(200)).text);
    expect(text).toContain('Claim saved.');
    expect(text).toContain('Corrected wording.');
    expect(text).toContain('› 70 fighters killed');

    expect(await t.db('claims').where({ id }).first()).toMatchObject({
      text: 'Corrected wording.', position_id: dispute.positions[1].id, url: 'http://example.org/source', status: 'contested', version: 2,
    });
    expect(await t.db('status_changes').where({ claim_id: id }).count({ n: '*' }).first()).toEqual({ n: 1 });
  });

  it('refuses bad edits and leaves the claim as it was', async () => {
    const id = await recordClaim(agent, dispute.slug, claimFields({ text: 'Stays the same.' }));
    const before = await t.db('claims').where({ id }).first();

    let res = await expectRefused(t, () => fillIn(agent, `/claims/${id}/edit`, { text: '', said_on: NEXT_YEAR, url: 'javascript:void(0)' }));
    expect(fieldError(res.text, 'text')).toBe('Enter claim.');
    expect(fieldError(res.text, 'said_on')).toBe('Date said must be between 1900 and today.');
    expect(fieldError(res.text, 'url')).toBe('Web address must be a full web address starting with http:// or https://.');
    expect(editorForm(res.text).fields).toMatchObject({ said_on: NEXT_YEAR, url: 'javascript:void(0)', version: '1' });

    res = await expectRefused(t, () => fillIn(agent, `/claims/${id}/edit`, { position_id: String(other.positions[1].id), text: 'Moved away' }));
    expect(fieldError(res.text, 'position_id')).toBe('Choose one of this dispute’s positions.');
    expect(editorForm(res.text).fields.text).toBe('Moved away');

    res = await expectRefused(t, () => fillIn(agent, `/claims/${id}/edit`, { source_id: '999999' }));
    expect(fieldError(res.text, 'source_id')).toBe('Choose a source from the list.');

    expect(await t.db('claims').where({ id }).first()).toEqual(before);
  });
});

describe('status form', () => {
  let agent: Agent;
  let claimId: number;
  beforeAll(async () => {
    ({ agent } = await t.signedIn());
    const source = await recordSource(t, agent, { name: 'Russian authorities', kind: 'government' });
    const dispute = await recordDispute(t, agent, { title: 'Losses', state: 'published' }, ['None', 'Seventy']);
    claimId = await recordClaim(agent, dispute.slug, {
      position_id: String(dispute.positions[1].id), source_id: String(source.id), text: 'Seventy fighters were killed.',
      rationale: 'Recorded from the interview.',
    });
  });

  it('changes the status and keeps every decision in the timeline, oldest first', async () => {
    const page = await agent.get(`/claims/${claimId}/status`).expect(200);
    expect(visibleText(page.text)).toContain('Current status: Unverified');
    expect(editorForm(page.text).fields).toMatchObject({ status: 'unverified', version: '1' });

    let res = await fillIn(agent, `/claims/${claimId}/status`, { status: 'contested', rationale: 'The Legion denies any losses.' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/claims/${claimId}`);
    res = await fillIn(agent, `/claims/${claimId}/status`, { status: 'false', rationale: 'Satellite images show no such battle.' });
    expect(res.status).toBe(303);

    const reader = t.agent();
    const html = (await reader.get(`/claims/${claimId}`).expect(200)).text;
    expect(visibleText(html)).toContain('Status timeline');
    const timeline = html.split('class="status-timeline"')[1].split('</ol>')[0].split('<li>').slice(1).map(visibleText);
    expect(timeline).toHaveLength(3);
    expect(timeline[0]).toMatch(/UTC: Unverified Recorded from the interview\./);
    expect(timeline[1]).toMatch(/UTC: Unverified → Contested The Legion denies any losses\./);
    expect(timeline[2]).toMatch(/UTC: Contested → False Satellite images show no such battle\./);

    expect(await t.db('claims').where({ id: claimId }).first())
      .toMatchObject({ status: 'false', status_rationale: 'Satellite images show no such battle.', version: 3 });
    expect(await t.db('status_changes').where({ claim_id: claimId }).orderBy('id').select('from_status', 'to_status')).toEqual([
      { from_status: null, to_status: 'unverified' },
      { from_status: 'unverified', to_status: 'contested' },
      { from_status: 'contested', to_status: 'false' },
    ]);
  });

  it('refuses an unknown status, a missing or overlong rationale and a NUL byte, changing nothing', async () => {
    const before = await t.db('claims').where({ id: claimId }).first();
    let res = await expectRefused(t, () => fillIn(agent, `/claims/${claimId}/status`, { status: 'debunked', rationale: '' }));
    expect(fieldError(res.text, 'status')).toBe('Choose a verification status.');
    expect(fieldError(res.text, 'rationale')).toBe('Enter rationale.');

    res = await expectRefused(t, () => fillIn(agent, `/claims/${claimId}/status`, { status: 'true', rationale: HUGE }));
    expect(fieldError(res.text, 'rationale')).toBe('Rationale must be at most 5000 characters (this has 100000).');
    expect(editorForm(res.text).fields).toMatchObject({ status: 'true', rationale: HUGE });

    res = await expectRefused(t, () => fillIn(agent, `/claims/${claimId}/status`, { status: 'true', rationale: 'Confirmed\u0000' }));
    expect(fieldError(res.text, 'rationale')).toBe('Rationale contains invisible control characters (such as NUL); remove them.');

    expect(await t.db('claims').where({ id: claimId }).first()).toEqual(before);
  });

  it('answers a status change based on an old version with a conflict, recording nothing', async () => {
    const before = await contentCounts(t);
    const res = await fillIn(agent, `/claims/${claimId}/status`, { status: 'true', rationale: 'Stale decision.', version: '1' });
    expect(res.status).toBe(409);
    expect(visibleText(res.text)).toContain('Someone else saved this while you were editing');
    expect(editorForm(res.text).fields).toMatchObject({ rationale: 'Stale decision.', status: 'true' });
    expect(await contentCounts(t)).toEqual(before);
    expect((await t.db('claims').where({ id: claimId }).first()).status).toBe('false');
  });
});

describe('link form', () => {
  let agent: Agent;
  let dispute: Awaited<ReturnType<typeof recordDispute>>;
  let noLosses: number;
  let killed: number;
  let third: number;
  beforeAll(async () => {
    ({ agent } = await t.signedIn());
    const legion = await recordSource(t, agent, { name: 'Ilya Ponomarev' });
    const russia = await recordSource(t, agent, { name: 'Russian authorities', kind: 'government' });
    dispute = await recordDispute(t, agent, { title: 'Losses in Belgorod', state: 'published' }, ['No losses', '70 killed']);
    const [a, b] = dispute.positions.map((p: { id: number }) => String(p.id));
    noLosses = await recordClaim(agent, dispute.slug, { position_id: a, source_id: String(legion.id), text: 'We lost no one.' });
    killed = await recordClaim(agent, dispute.slug, { position_id: b, source_id: String(russia.id), text: 'Seventy fighters were killed.' });
    third = await recordClaim(agent, dispute.slug, { position_id: b, source_id: String(russia.id), text: 'The raid was crushed.' });
  });

  it('offers the other claims of the dispute', async () => {
    const page = await agent.get(`/claims/${noLosses}/links/new?to=${killed}`).expect(200);
    expect(editorForm(page.text).fields).toMatchObject({ type: 'contradicts', to_claim_id: String(killed) });
    const text = visibleText(page.text);
    expect(text).toContain('70 killed — Russian authorities: Seventy fighters were killed.');
    expect(text).not.toContain('No losses — Ilya Ponomarev');
  });

  it('links two claims, shown from both ends and on the dispute page, then removes the link', async () => {
    const res = await fillIn(agent, `/claims/${noLosses}/links/new`, { to_claim_id: String(killed), type: 'contradicts', note: 'Opposite counts of the dead.' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/claims/${noLosses}`);
    const link = await t.db('claim_links').where({ from_claim_id: noLosses, to_claim_id: killed }).first();
    expect(link).toMatchObject({ type: 'contradicts', note: 'Opposite counts of the dead.', version: 1, deleted_at: null });

    const reader = t.agent();
    const from = visibleText((await agent.get(`/claims/${noLosses}`).expect(200)).text);
    expect(from).toContain('Link saved.');
    expect(from).toContain('Contradicts Russian authorities: “Seventy fighters were killed.” — Opposite counts of the dead.');
    expect(visibleText((await reader.get(`/claims/${killed}`).expect(200)).text))
      .toContain('Contradicted by Ilya Ponomarev: “We lost no one.” — Opposite counts of the dead.');
    const disputeText = visibleText((await reader.get(`/disputes/${dispute.slug}`).expect(200)).text);
    expect(disputeText).toContain('How these claims relate');
    expect(disputeText).toContain('Ilya Ponomarev: “We lost no one.” contradicts Russian authorities: “Seventy fighters were killed.” — Opposite counts of the dead.');

    const claimPage = await agent.get(`/claims/${noLosses}`).expect(200);
    const removal = await agent.post(`/links/${link.id}/remove`).type('form')
      .send(encodeForm({ _csrf: csrfFrom(claimPage.text), version: String(link.version) }));
    expect(removal.status).toBe(303);
    expect(removal.headers.location).toBe(`/claims/${noLosses}`);
    const after = visibleText((await agent.get(`/claims/${noLosses}`).expect(200)).text);
    expect(after).toContain('Link removed.');
    expect(after).toContain('No other claim is linked to this one yet.');
    expect(visibleText((await reader.get(`/disputes/${dispute.slug}`).expect(200)).text)).not.toContain('How these claims relate');
    expect((await t.db('claim_links').where({ id: link.id }).first()).deleted_at).not.toBeNull();
    expect(await t.db('revisions').where({ entity_type: 'link', entity_id: link.id }).orderBy('version').pluck('summary'))
      .toEqual(['Linked: contradicts', 'Link removed']);

    const again = await agent.post(`/links/${link.id}/remove`).type('form')
      .send(encodeForm({ _csrf: csrfFrom(claimPage.text), version: String(link.version) }));
    expect(again.status).toBe(404);
  });

  it('refuses a duplicate link, either way round', async () => {
    const first = await fillIn(agent, `/claims/${killed}/links/new`, { to_claim_id: String(third), type: 'supports' });
    expect(first.status).toBe(303);
    for (const [from, to] of [[killed, third], [third, killed]]) {
      const res = await expectRefused(t, () => fillIn(agent, `/claims/${from}/links/new`, { to_claim_id: String(to), type: 'qualifies', note: 'Again' }));
      expect(fieldError(res.text, 'to_claim_id')).toBe('These two claims are already linked.');
      expect(editorForm(res.text).fields).toMatchObject({ to_claim_id: String(to), type: 'qualifies', note: 'Again' });
    }
  });

  it('refuses a missing or unknown claim, an unknown type, a self-link, an overlong note and a NUL byte', async () => {
    const action = `/claims/${noLosses}/links/new`;
    let res = await expectRefused(t, () => fillIn(agent, action, { to_claim_id: '', type: 'refutes', note: HUGE }));
    expect(fieldError(res.text, 'to_claim_id')).toBe('Choose the claim to link to.');
    expect(fieldError(res.text, 'type')).toBe('Choose how the claims relate.');
    expect(fieldError(res.text, 'note')).toBe('Note must be at most 2000 characters (this has 100000).');
    expect(editorForm(res.text).fields.note).toBe(HUGE);

    res = await expectRefused(t, () => fillIn(agent, action, { to_claim_id: '999999', note: 'To nowhere' }));
    expect(fieldError(res.text, 'to_claim_id')).toBe('Choose an existing claim.');
    expect(editorForm(res.text).fields.note).toBe('To nowhere');

    res = await expectRefused(t, () => fillIn(agent, action, { to_claim_id: String(noLosses) }));
    expect(fieldError(res.text, 'to_claim_id')).toBe('A claim cannot be linked to itself.');

    res = await expectRefused(t, () => fillIn(agent, action, { to_claim_id: String(killed), note: 'Bad\u0000note' }));
    expect(fieldError(res.text, 'note')).toBe('Note contains invisible control characters (such as NUL); remove them.');
  });
});

describe('drafts', () => {
  let agent: Agent;
  let dispute: Awaited<ReturnType<typeof recordDispute>>;
  let source: { id: number; slug: string };
  let claimId: number;
  beforeAll(async () => {
    ({ agent } = await t.signedIn());
    source = await recordSource(t, agent, { name: 'Anonymous Telegram channel', kind: 'media' });
    dispute = await recordDispute(t, agent, { title: 'Was the bridge at Shebekino blown up?' }, ['Yes', 'No']);
    claimId = await recordClaim(agent, dispute.slug, {
      position_id: String(dispute.positions[0].id), source_id: String(source.id), text: 'The bridge is gone.',
    });
  });

  it('hides a draft dispute and its claims from readers', async () => {
    expect(dispute.state).toBe('draft');
    const reader = t.agent();
    expect(visibleText((await reader.get('/').expect(200)).text)).not.toContain('Shebekino');
    await reader.get(`/disputes/${dispute.slug}`).expect(404);
    await reader.get(`/claims/${claimId}`).expect(404);
    const sourcePage = visibleText((await reader.get(`/sources/${source.slug}`).expect(200)).text);
    expect(sourcePage).toContain('Claims (0)');
    expect(sourcePage).not.toContain('The bridge is gone.');
  });

  it('shows drafts to editors, marked as drafts', async () => {
    const home = visibleText((await agent.get('/').expect(200)).text);
    expect(draftsOnHome(home)).toContain('Was the bridge at Shebekino blown up? Draft Positions: Yes vs No');
    expect(publishedOnHome(home)).not.toContain('Shebekino');
    expect(visibleText((await agent.get(`/disputes/${dispute.slug}`).expect(200)).text)).toContain('Draft: editors only');
    expect(visibleText((await agent.get(`/claims/${claimId}`).expect(200)).text)).toContain('The bridge is gone.');
    const sourcePage = visibleText((await agent.get(`/sources/${source.slug}`).expect(200)).text);
    expect(sourcePage).toContain('Claims (1)');
    expect(sourcePage).toContain('The bridge is gone.');
  });

  it('shows the dispute to readers once it is published', async () => {
    const res = await fillIn(agent, `/disputes/${dispute.slug}/edit`, { state: 'published' });
    expect(res.status).toBe(303);
    const reader = t.agent();
    const home = visibleText((await reader.get('/').expect(200)).text);
    expect(publishedOnHome(home)).toContain('Was the bridge at Shebekino blown up? Positions: Yes vs No');
    expect(home).not.toContain('Drafts');
    expect(draftsOnHome(visibleText((await agent.get('/').expect(200)).text))).not.toContain('Shebekino');
    const page = visibleText((await reader.get(`/disputes/${dispute.slug}`).expect(200)).text);
    expect(page).toContain('The bridge is gone.');
    expect(page).not.toContain('Draft');
    await reader.get(`/claims/${claimId}`).expect(200);
    expect(visibleText((await reader.get(`/sources/${source.slug}`).expect(200)).text)).toContain('Claims (1)');
  });
});

describe('recording a new dispute entirely through the forms', () => {
  it('lets an editor record two opposing claims and link them, and a reader sees both side by side', async () => {
    const { agent } = await t.signedIn();
    const rvc = await recordSource(t, agent, { name: 'Russian Volunteer Corps', kind: 'military' });
    const mod = await recordSource(t, agent, { name: 'Russian Ministry of Defence', kind: 'government' });
    const dispute = await recordDispute(t, agent, {
      title: 'Did the raiders hold a 40-km strip?', state: 'published', events_from: '2023-05-22', events_place: 'Belgorod region',
    }, ['They held it', 'They were driven out']);
    const held = await recordClaim(agent, dispute.slug, {
      position_id: String(dispute.positions[0].id), source_id: String(rvc.id), text: 'We control a 40-km strip of land.',
    });
    const repelled = await recordClaim(agent, dispute.slug, {
      position_id: String(dispute.positions[1].id), source_id: String(mod.id), text: 'The saboteurs were driven back into Ukraine.',
      wording: 'paraphrase', status: 'contested', rationale: 'No independent confirmation.',
    });
    const link = await fillIn(agent, `/claims/${held}/links/new`, { to_claim_id: String(repelled), type: 'contradicts' });
    expect(link.status).toBe(303);

    const reader = t.agent();
    expect(publishedOnHome(visibleText((await reader.get('/').expect(200)).text)))
      .toContain('Did the raiders hold a 40-km strip? Positions: They held it vs They were driven out');
    const html = (await reader.get(`/disputes/${dispute.slug}`).expect(200)).text;
    const columns = positionColumns(html);
    expect(columns).toHaveLength(2);
    expect(columns[0]).toContain('They held it');
    expect(columns[0]).toContain('We control a 40-km strip of land.');
    expect(columns[0]).toContain('Russian Volunteer Corps');
    expect(columns[0]).toContain('Contradicts the claim by Russian Ministry of Defence');
    expect(columns[0]).not.toContain('driven back');
    expect(columns[1]).toContain('They were driven out');
    expect(columns[1]).toContain('Paraphrase: The saboteurs were driven back into Ukraine.');
    expect(columns[1]).toContain('Contested No independent confirmation.');
    expect(columns[1]).toContain('Contradicted by the claim by Russian Volunteer Corps');
    expect(columns[1]).not.toContain('40-km strip of land');
    expect(html).toContain(`href="#claim-${repelled}"`);
    expect(visibleText(html)).toContain('Events: 22 May 2023, Belgorod region');
  });
});

describe('hostile text in claims, venues, addresses and notes', () => {
  const QUOTE = '<script>alert(1)</script> "><img src=x onerror=alert(1)> Москва 🚀 <%= 7*7 %> ${1+1}';
  const VENUE = 'Studio "><script>alert(2)</script><img src=x onerror=alert(2)> Київ 🚀 <%= 6*7 %>';
  const URL_PAYLOAD = 'https://example.org/?q="><script>alert(3)</script><img src=x onerror=alert(3)>';
  const ORIGINAL = '<script>alert(6)</script> Оригинал 🚀 <%= 9*9 %>';
  const LANGUAGE = 'ru"><script>alert(7)</script>';
  const NOTE = 'Note </span><script>alert(4)</script> \'><img src=x onerror=alert(4)> Харків 🚀 <%= 8*8 %> ${2+2}';
  let agent: Agent;
  let disputeSlug: string;
  let sourceSlug: string;
  let claimId: number;
  beforeAll(async () => {
    ({ agent } = await t.signedIn());
    const source = await recordSource(t, agent, { name: 'Mallory <b>Bold</b>', description: '<script>alert(5)</script> Опис 🚀' });
    sourceSlug = source.slug;
    const dispute = await recordDispute(t, agent, { title: 'Hostile text', state: 'published' }, ['<i>One</i>', 'Two']);
    disputeSlug = dispute.slug;
    claimId = await recordClaim(agent, disputeSlug, {
      position_id: String(dispute.positions[0].id), source_id: String(source.id), text: QUOTE, venue: VENUE, url: URL_PAYLOAD,
      original_text: ORIGINAL, original_language: LANGUAGE,
    });
    const counter = await recordClaim(agent, disputeSlug, {
      position_id: String(dispute.positions[1].id), source_id: String(source.id), text: 'A plain counterclaim.',
    });
    const link = await fillIn(agent, `/claims/${claimId}/links/new`, { to_claim_id: String(counter), type: 'contradicts', note: NOTE });
    expect(link.status).toBe(303);
  });

  function expectInert(html: string) {
    expect(html).not.toMatch(/<script>alert/);
    expect(html).not.toMatch(/<img/);
    expect(html).not.toContain('<b>');
    expect(html).not.toContain('<i>');
    expect(html).toContain('&lt;script&gt;alert(');
    const text = visibleText(html);
    expect(text).not.toContain('🚀 49');
    expect(text).not.toMatch(/(^|\s)(49|42|64|81)(\s|$)/);
    return text;
  }

  it('stores the text exactly as typed', async () => {
    expect(await t.db('claims').where({ id: claimId }).first())
      .toMatchObject({ text: QUOTE, venue: VENUE, url: URL_PAYLOAD, original_text: ORIGINAL, original_language: LANGUAGE });
    expect((await t.db('claim_links').where({ from_claim_id: claimId }).first()).note).toBe(NOTE);
  });

  it('shows it as text on the dispute page', async () => {
    const html = (await t.agent().get(`/disputes/${disputeSlug}`).expect(200)).text;
    const text = expectInert(html);
    expect(text).toContain(QUOTE);
    expect(text).toContain(VENUE);
    expect(text).toContain(NOTE);
    expect(text).toContain('Mallory <b>Bold</b>');
    expect(text).toContain('<i>One</i>');
    expect(text).toContain(`Original (${LANGUAGE}) ${ORIGINAL}`);
    expect(html).toContain('lang="ru&#34;&gt;&lt;script&gt;alert(7)&lt;/script&gt;"');
    expect(html).toContain('href="https://example.org/?q=&#34;&gt;&lt;script&gt;alert(3)&lt;/script&gt;&lt;img src=x onerror=alert(3)&gt;"');
  });

  it('shows it as text on the claim page', async () => {
    const html = (await t.agent().get(`/claims/${claimId}`).expect(200)).text;
    const text = expectInert(html);
    expect(text).toContain(QUOTE);
    expect(text).toContain(VENUE);
    expect(text).toContain(NOTE);
    expect(text).toContain('Claim by Mallory <b>Bold</b>');
    expect(text).toContain(`Original (${LANGUAGE}) ${ORIGINAL}`);
  });

  it('shows it as text on the source page', async () => {
    const html = (await t.agent().get(`/sources/${sourceSlug}`).expect(200)).text;
    const text = expectInert(html);
    expect(text).toContain(QUOTE);
    expect(text).toContain('<script>alert(5)</script> Опис 🚀');
  });

  it('puts it back into the edit forms as inert values', async () => {
    const html = (await agent.get(`/claims/${claimId}/edit`).expect(200)).text;
    expectInert(html);
    expect(editorForm(html).fields).toMatchObject({ text: QUOTE, venue: VENUE, url: URL_PAYLOAD, original_text: ORIGINAL, original_language: LANGUAGE });
  });
});

describe('two editors saving the same claim', () => {
  it('keeps the first save and gives the second editor a conflict with their text still in the form', async () => {
    const first = await t.signedIn();
    const second = await t.signedIn();
    const source = await recordSource(t, first.agent, { name: 'Ilya Ponomarev' });
    const dispute = await recordDispute(t, first.agent, { title: 'Losses' }, ['None', 'Many']);
    const id = await recordClaim(first.agent, dispute.slug, {
      position_id: String(dispute.positions[0].id), source_id: String(source.id), text: 'Original wording.',
    });

    // Both open the edit form before either saves.
    const pageA = await first.agent.get(`/claims/${id}/edit`).expect(200);
    const pageB = await second.agent.get(`/claims/${id}/edit`).expect(200);
    const formA = editorForm(pageA.text);
    const formB = editorForm(pageB.text);
    expect(formA.fields.version).toBe('1');
    expect(formB.fields.version).toBe('1');

    const saveA = await first.agent.post(formA.action).type('form')
      .send(encodeForm({ ...formA.fields, _csrf: csrfFrom(pageA.text), text: 'Wording from the first editor.' }));
    expect(saveA.status).toBe(303);

    const typedB = 'Wording the second editor typed.';
    const saveB = await second.agent.post(formB.action).type('form')
      .send(encodeForm({ ...formB.fields, _csrf: csrfFrom(pageB.text), text: typedB, venue: 'Venue from the second editor' }));
    expect(saveB.status).toBe(409);
    const text = visibleText(saveB.text);
    expect(text).toContain('Someone else saved this while you were editing');
    expect(text).toContain('Claim Keep the saved version Wording from the first editor. Keep yours (as in the form below) Wording the second editor typed.');
    const conflictForm = editorForm(saveB.text);
    expect(conflictForm.fields).toMatchObject({ text: typedB, venue: 'Venue from the second editor', version: '2', _decide: 'text' });

    const saved = await t.db('claims').where({ id }).first();
    expect(saved).toMatchObject({ text: 'Wording from the first editor.', venue: CLAIM_DEFAULTS.venue, version: 2 });
    expect(await t.db('revisions').where({ entity_type: 'claim', entity_id: id }).count({ n: '*' }).first()).toEqual({ n: 2 });

    // Having seen the conflict, the second editor keeps their wording and saves on top of the first editor's version.
    const retry = await second.agent.post(conflictForm.action).type('form')
      .send(encodeForm({ ...conflictForm.fields, _choose_text: 'yours', _csrf: csrfFrom(saveB.text) }));
    expect(retry.status).toBe(303);
    expect(await t.db('claims').where({ id }).first()).toMatchObject({ text: typedB, version: 3 });
  });
});
