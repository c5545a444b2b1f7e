import { Agent, startTestApp, TestApp, visibleText } from './support/app';
import { HUGE, fieldError, fillIn, expectRefused, recordSource } from './support/editor-forms';
import { formOnPage } from './support/page-form';

// The source form through real HTTP on a real database: creating, editing and every refusal
// (422 with the input kept and a message by each field, nothing written).

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.drop());

describe('source form', () => {
  let agent: Agent;
  beforeAll(async () => {
    ({ agent } = await t.signedIn());
  });

  it('creates a source and shows it on its own page', async () => {
    const page = await agent.get('/sources/new').expect(200);
    expect(visibleText(page.text)).toContain('New source');
    expect(formOnPage(page.text).fields.kind).toBe('person');

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
    const { fields } = formOnPage(res.text);
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
    expect(formOnPage(res.text).fields.url).toBe(dataUrl);
    expect(res.text).not.toContain('<script>alert(1)');
  });

  it('refuses addresses that are not written out as http:// or https://, with a message rather than an error page', async () => {
    for (const url of ['http:example.org', 'https:/example.org', 'http:\\\\example.org\\path', 'ftp://example.org/']) {
      const res = await expectRefused(t, () => fillIn(agent, '/sources/new', { name: 'Odd address', url }));
      expect(fieldError(res.text, 'url')).toBe('Web address must be a full web address starting with http:// or https://.');
      expect(formOnPage(res.text).fields.url).toBe(url);
    }
  });

  it('accepts an address with a capitalised scheme, stored in lower case', async () => {
    const source = await recordSource(t, agent, { name: 'Shouting outlet', url: 'HTTPS://Example.org/Page' });
    expect(source.url).toBe('https://Example.org/Page');
  });

  it('refuses an affiliation with a source that does not exist', async () => {
    const res = await expectRefused(t, () => fillIn(agent, '/sources/new', { name: 'Orphan', affiliation_id: '999999' }));
    expect(fieldError(res.text, 'affiliation_id')).toBe('Choose an existing source.');
    expect(formOnPage(res.text).fields.name).toBe('Orphan');

    for (const id of ['2147483648', '9999999999', '0', '-1', '1.5']) {
      const tampered = await expectRefused(t, () => fillIn(agent, '/sources/new', { name: 'Orphan', affiliation_id: id }));
      expect(fieldError(tampered.text, 'affiliation_id')).toBe('Choose an affiliation from the list.');
    }
  });

  it('edits a source, keeping its web address', async () => {
    const source = await recordSource(t, agent, { name: 'FRANCE 24', kind: 'media' });
    const page = await agent.get(`/sources/${source.slug}/edit`).expect(200);
    const form = formOnPage(page.text);
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
    expect(formOnPage(res.text).fields).toMatchObject({ url: 'data:,hello', version: '1' });

    res = await expectRefused(t, () => fillIn(agent, `/sources/${source.slug}/edit`, { affiliation_id: String(source.id) }));
    expect(fieldError(res.text, 'affiliation_id')).toBe('A source cannot be affiliated with itself.');

    res = await expectRefused(t, () => fillIn(agent, `/sources/${source.slug}/edit`, { affiliation_id: '999999', name: 'Renamed governor' }));
    expect(fieldError(res.text, 'affiliation_id')).toBe('Choose an existing source.');
    expect(formOnPage(res.text).fields.name).toBe('Renamed governor');

    expect(await t.db('sources').where({ id: source.id }).first()).toEqual(before);
  });
});
