import { createDispute } from '../db/disputes';
import { createSource, Source } from '../db/sources';
import { Agent, csrfFrom, encodeForm, startTestApp, submitForm, TestApp, visibleText } from './support/app';

// Source track records and the sortable list of sources, through HTTP on a real database:
// the counts behind every share, the under-3 rule, drafts and deleted claims left out.

const BY = { editorId: null, summary: 'Test data' };

let t: TestApp;
let editor: Agent;
let published: { id: number; positionId: number };
let draft: { id: number; positionId: number };

async function addSource(name: string): Promise<Source> {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  return createSource(t.db, { slug, name, kind: 'organisation', description: '', affiliation_id: null, url: null }, BY);
}

async function addDispute(title: string, state: 'draft' | 'published') {
  const slug = title.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  const dispute = await createDispute(
    t.db,
    { slug, title, summary: '', events_from: null, events_to: null, events_place: '', state, positions: ['Yes', 'No'] },
    BY,
  );
  const position = await t.db('positions').where('dispute_id', dispute.id).orderBy('sort_order').first();
  return { id: dispute.id, positionId: position.id as number };
}

let claimCount = 0;
/** Claims straight into the table: the counts, not the claim form, are under test here. */
async function addClaims(source: Source, dispute: { id: number; positionId: number }, statuses: string[], extra: Record<string, unknown> = {}) {
  await t.db('claims').insert(statuses.map((status) => ({
    dispute_id: dispute.id, position_id: dispute.positionId, source_id: source.id, status,
    text: `Claim ${++claimCount} by ${source.name}`, is_verbatim: false, said_on: '2023-05-20', venue: 'Press briefing', ...extra,
  })));
}

function sourceOrder(html: string): string[] {
  const list = html.match(/<ul class="source-list">([\s\S]*?)<\/ul>/);
  return list ? [...list[1].matchAll(/<a href="\/sources\/([^"]+)">/g)].map((m) => m[1]) : [];
}

/** How many SQL queries one request sends. */
async function queriesFor(path: string): Promise<number> {
  let count = 0;
  const listener = () => { count += 1; };
  t.db.on('query', listener);
  try {
    await t.agent().get(path).expect(200);
  } finally {
    t.db.off('query', listener);
  }
  return count;
}

beforeAll(async () => {
  t = await startTestApp();
  editor = (await t.signedIn()).agent;
  published = await addDispute('A published dispute', 'published');
  draft = await addDispute('A draft dispute', 'draft');
  const alpha = await addSource('Alpha Ministry');
  const bravo = await addSource('Bravo Corps');
  const charlie = await addSource('Charlie Press');
  const delta = await addSource('Delta Group');
  const echo = await addSource('Echo Agency');
  // Alpha: 7 published claims, 5 checked, 2 of them false or misleading.
  await addClaims(alpha, published, ['false', 'misleading', 'partly_true', 'true', 'true', 'contested', 'unverified']);
  await addClaims(alpha, draft, ['false', 'false', 'misleading']);
  await addClaims(alpha, published, ['false'], { deleted_at: new Date() });
  // Bravo: 5 published claims, only 2 checked: no share.
  await addClaims(bravo, published, ['false', 'true', 'unverified', 'unverified', 'unverifiable']);
  // Charlie: exactly 3 checked, 1 false.
  await addClaims(charlie, published, ['false', 'true', 'partly_true']);
  // Delta: 3 checked, all false or misleading, and one unverified.
  await addClaims(delta, published, ['false', 'false', 'misleading', 'unverified']);
  // Echo: many claims, all in a draft dispute, which readers cannot see and the record must not count.
  await addClaims(echo, draft, Array(10).fill('false'));
});
afterAll(() => t.drop());

describe('a source’s track record', () => {
  it('shows the share of checked claims found false or misleading with the counts it comes from', async () => {
    const text = visibleText((await t.agent().get('/sources/alpha-ministry').expect(200)).text);
    expect(text).toContain('Track record');
    expect(text).toContain('2 of 5 checked claims (40%) were found false or misleading.');
    expect(text).toContain('Claims (7)');
  });

  it('counts its published claims at each status, each count linking to those claims', async () => {
    const html = (await t.agent().get('/sources/alpha-ministry').expect(200)).text;
    const table = html.match(/<table class="record-table">[\s\S]*?<\/table>/)![0];
    const rows = Object.fromEntries([...table.matchAll(/<tr><th scope="row">([\s\S]*?)<\/th><td>([\s\S]*?)<\/td><\/tr>/g)]
      .map((row) => [visibleText(row[1]).trim(), row[2]]));
    const count = (label: string) => visibleText(rows[label]).trim().split(' ')[0];
    expect(count('Unverified')).toBe('1');
    expect(count('Unverifiable')).toBe('0');
    expect(count('Contested')).toBe('1');
    expect(count('False')).toBe('1');
    expect(count('Misleading')).toBe('1');
    expect(count('Partly true')).toBe('1');
    expect(count('Confirmed')).toBe('2');
    expect(count('All published claims')).toBe('7');
    expect(rows.Confirmed).toContain('href="#status-true"');
    expect(rows.Unverifiable).not.toContain('href=');
    // Each link leads to the list of those claims further down the page.
    expect(html).toMatch(/<h3 id="status-true">[\s\S]*?<\/section>/);
    const confirmed = html.match(/<h3 id="status-true">[\s\S]*?<\/section>/)![0];
    expect(confirmed.match(/href="\/claims\/\d+"/g)).toHaveLength(2);
  });

  it('leaves out claims in draft disputes and deleted claims, even for editors who see the drafts listed', async () => {
    const text = visibleText((await editor.get('/sources/alpha-ministry').expect(200)).text);
    expect(text).toContain('Claims (10)');
    expect(text).toContain('2 of 5 checked claims (40%) were found false or misleading.');
    expect(text).toMatch(/All published claims 7/);
    const echo = visibleText((await editor.get('/sources/echo-agency').expect(200)).text);
    expect(echo).toContain('No track record yet: it has no published claims.');
    expect(echo).toMatch(/All published claims 0/);
  });

  it('gives no share below 3 checked claims, and says so plainly', async () => {
    const text = visibleText((await t.agent().get('/sources/bravo-corps').expect(200)).text);
    expect(text).toContain('No track record yet: only 2 of its published claims have been checked so far, and a share is only given from 3 checked claims.');
    expect(text).not.toMatch(/\d+%/);
  });

  it('gives a share from exactly 3 checked claims, rounded to a whole percent', async () => {
    const charlie = visibleText((await t.agent().get('/sources/charlie-press').expect(200)).text);
    expect(charlie).toContain('1 of 3 checked claims (33%) was found false or misleading.');
    const delta = visibleText((await t.agent().get('/sources/delta-group').expect(200)).text);
    expect(delta).toContain('3 of 3 checked claims (100%) were found false or misleading.');
  });

  it('computes the page in a fixed, small number of queries', async () => {
    expect(await queriesFor('/sources/alpha-ministry')).toBeLessThanOrEqual(4);
  });
});

describe('the list of sources', () => {
  it('shows each source’s published claims and track record in brief', async () => {
    const html = (await t.agent().get('/sources').expect(200)).text;
    const item = (slug: string) => visibleText(html.match(new RegExp(`<li>\\s*<a href="/sources/${slug}">[\\s\\S]*?</li>`))![0]);
    expect(item('alpha-ministry')).toContain('7 published claims · 2 of 5 checked claims (40%) false or misleading');
    expect(item('bravo-corps')).toContain('5 published claims · no track record yet (2 claims checked; 3 needed)');
    expect(item('alpha-ministry')).not.toContain('3 needed');
    expect(item('echo-agency')).toContain('0 published claims · no track record yet');
  });

  it('sorts by name by default and on request', async () => {
    const expected = ['alpha-ministry', 'bravo-corps', 'charlie-press', 'delta-group', 'echo-agency'];
    expect(sourceOrder((await t.agent().get('/sources').expect(200)).text)).toEqual(expected);
    expect(sourceOrder((await t.agent().get('/sources?sort=name').expect(200)).text)).toEqual(expected);
  });

  it('sorts by number of published claims, most first, drafts not counted', async () => {
    const order = sourceOrder((await t.agent().get('/sources?sort=claims').expect(200)).text);
    expect(order).toEqual(['alpha-ministry', 'bravo-corps', 'delta-group', 'charlie-press', 'echo-agency']);
  });

  it('sorts by track record: highest share false or misleading first, too few checked claims last', async () => {
    const res = await t.agent().get('/sources?sort=record').expect(200);
    expect(sourceOrder(res.text)).toEqual(['delta-group', 'alpha-ministry', 'charlie-press', 'bravo-corps', 'echo-agency']);
    expect(visibleText(res.text)).toContain('sources with fewer than 3 checked claims come last');
  });

  it('offers the orders as plain links, marking the current one', async () => {
    const html = (await t.agent().get('/sources?sort=claims').expect(200)).text;
    expect(html).toContain('<a href="/sources">name</a>');
    expect(html).toContain('<a href="/sources?sort=claims" aria-current="true" class="current">number of published claims</a>');
    expect(html).toContain('<a href="/sources?sort=record">track record</a>');
  });

  it('answers an unknown order with a 404', async () => {
    await t.agent().get('/sources?sort=popularity').expect(404);
  });

  it('keeps the order across pages, in a fixed number of queries however many sources there are', async () => {
    const before = await queriesFor('/sources?sort=record');
    await t.db('sources').insert(Array.from({ length: 50 }, (_, i) => ({
      slug: `zulu-${String(i).padStart(2, '0')}`, name: `Zulu ${String(i).padStart(2, '0')}`, kind: 'other',
    })));
    const first = await t.agent().get('/sources?sort=claims').expect(200);
    expect(first.text).toContain('href="/sources?sort=claims&amp;page=2"');
    expect(sourceOrder(first.text).slice(0, 4)).toEqual(['alpha-ministry', 'bravo-corps', 'delta-group', 'charlie-press']);
    const second = await t.agent().get('/sources?sort=claims&page=2').expect(200);
    expect(sourceOrder(second.text)).toEqual(['zulu-45', 'zulu-46', 'zulu-47', 'zulu-48', 'zulu-49']);
    expect(second.text).toContain('href="/sources?sort=claims&amp;page=1"');
    expect(await queriesFor('/sources?sort=record')).toBe(before);
    const byRecord = await t.agent().get('/sources?sort=record&page=2').expect(200);
    expect(sourceOrder(byRecord.text)).toEqual(['zulu-45', 'zulu-46', 'zulu-47', 'zulu-48', 'zulu-49']);
  });
});

describe('a source’s stake', () => {
  it('is recorded through the source form, shown on the source page and kept in its history', async () => {
    const created = await submitForm(editor, '/sources/new', '/sources', {
      name: 'Foxtrot Command', kind: 'military', description: '', affiliation_id: '', url: '', stake: 'party to the fighting', edit_summary: '',
    });
    expect(created.status).toBe(303);
    expect(created.headers.location).toBe('/sources/foxtrot-command');
    const page = visibleText((await t.agent().get('/sources/foxtrot-command').expect(200)).text);
    expect(page).toContain('Stake: party to the fighting');

    const form = await editor.get('/sources/foxtrot-command/edit').expect(200);
    expect(form.text).toContain('value="party to the fighting"');
    const version = form.text.match(/name="version" value="(\d+)"/)![1];
    const edited = await editor.post('/sources/foxtrot-command/edit').type('form').send(encodeForm({
      _csrf: csrfFrom(form.text), version, name: 'Foxtrot Command', kind: 'military', description: '', affiliation_id: '', url: '',
      stake: 'government of a party', edit_summary: 'Stake corrected',
    }));
    expect(edited.status).toBe(303);
    expect(visibleText((await t.agent().get('/sources/foxtrot-command').expect(200)).text)).toContain('Stake: government of a party');

    const source = await t.db('sources').where('slug', 'foxtrot-command').first();
    const compare = visibleText((await editor.get(`/history/source/${source.id}/compare?from=1&to=2`).expect(200)).text);
    expect(compare).toContain('Stake (changed) removed: party to the fighting added: government of a party');
    const api = await t.agent().get('/api/v1/sources/foxtrot-command').expect(200);
    expect(JSON.stringify(api.body)).toContain('"stake":"government of a party"');
  });

  it('is optional: left empty it is not recorded and not shown', async () => {
    const created = await submitForm(editor, '/sources/new', '/sources', {
      name: 'Golf Observers', kind: 'organisation', description: '', affiliation_id: '', url: '', stake: '   ', edit_summary: '',
    });
    expect(created.status).toBe(303);
    expect((await t.db('sources').where('slug', 'golf-observers').first()).stake).toBeNull();
    expect(visibleText((await t.agent().get('/sources/golf-observers').expect(200)).text)).not.toContain('Stake:');
  });

  it('refuses a stake over 200 characters with a message by the field, keeping what was typed', async () => {
    const long = 'a party '.repeat(30);
    const res = await submitForm(editor, '/sources/new', '/sources', {
      name: 'Hotel Faction', kind: 'other', description: '', affiliation_id: '', url: '', stake: long, edit_summary: '',
    });
    expect(res.status).toBe(422);
    expect(res.text).toMatch(/id="field-stake-error"><span class="visually-hidden">Error: <\/span>Stake must be at most 200 characters/);
    expect(res.text).toContain('value="Hotel Faction"');
    expect(res.text).toContain(`value="${long}"`);
    expect(await t.db('sources').where('name', 'Hotel Faction').first()).toBeUndefined();
  });
});

describe('a source whose claims are all unchecked', () => {
  it('says that none of its published claims has been checked', async () => {
    const india = await addSource('India Desk');
    await addClaims(india, published, ['unverified', 'contested', 'unverifiable']);
    const text = visibleText((await t.agent().get('/sources/india-desk').expect(200)).text);
    expect(text).toContain('No track record yet: none of its published claims has been checked, and a share is only given from 3 checked claims.');
    expect(text).toMatch(/All published claims 3/);
  });
});
