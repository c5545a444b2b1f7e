import { createClaim } from '../db/claims';
import { createDispute, listPositions } from '../db/disputes';
import { CANDIDATE_LIMIT } from '../db/search';
import { startTestApp, TestApp, visibleText } from './support/app';
import { NO_LOSSES_WORDS } from './support/founding-case';

describe('full-text search', () => {
  let t: TestApp;
  const by = { editorId: null, summary: 'test' };

  beforeAll(async () => {
    t = await startTestApp({ seed: true });
    const source = await t.db('sources').where('slug', 'russian-authorities').first();
    const makeDispute = async (slug: string, state: 'draft' | 'published') => {
      const dispute = await createDispute(t.db, {
        slug, title: `Test dispute ${slug}`, summary: '', events_from: null, events_to: null, events_place: '', state, positions: ['Yes', 'No'],
      }, by);
      return { dispute, positions: await listPositions(t.db, dispute.id) };
    };
    const published = await makeDispute('cyrillic-claims', 'published');
    const draft = await makeDispute('secret-draft', 'draft');
    const claim = (target: typeof published, text: string, extra: Partial<Parameters<typeof createClaim>[2]> = {}) => createClaim(t.db, target.dispute.id, {
      position_id: target.positions[0].id, source_id: source.id, text, is_verbatim: true, original_text: null, original_language: null,
      said_on: '2023-05-24', said_on_precision: 'day', venue: 'Telegram', url: null, status: 'unverified', rationale: 'Not checked.', ...extra,
    }, by);
    await claim(published, 'Наши войска уничтожили более 70 боевиков националистических формирований.', { status: 'contested', said_on: '2023-05-23' });
    await claim(published, 'Жодного українського солдата не було на території Росії.');
    await claim(published, 'The saboteurs were pushed back across the border.', {
      original_text: 'Диверсанты были отброшены за границу.', original_language: 'ru', said_on: '2022-01-10',
    });
    await claim(draft, 'Секретный черновик про боевиков.');
  });
  afterAll(() => t.drop());

  const search = async (query: string) => visibleText((await t.agent().get(`/search?${query}`).expect(200)).text);

  it('finds English claims whatever the word ending, and highlights the words', async () => {
    const text = await search('q=soldiers');
    expect(text).toContain(NO_LOSSES_WORDS);
    const html = (await t.agent().get('/search?q=soldiers').expect(200)).text;
    expect(html).toContain('<mark>soldier</mark>');
  });

  it('finds Russian claims typed with another word ending (stemming)', async () => {
    const text = await search(`q=${encodeURIComponent('боевики уничтожены')}`);
    expect(text).toContain('Наши войска уничтожили более 70 боевиков');
    expect(text).not.toContain('Секретный черновик');
  });

  it('finds Ukrainian claims by the start of the word', async () => {
    const text = await search(`q=${encodeURIComponent('українські солдати')}`);
    expect(text).toContain('Жодного українського солдата не було на території Росії.');
  });

  it('searches the original-language text of translated claims', async () => {
    const text = await search(`q=${encodeURIComponent('диверсантов')}`);
    expect(text).toContain('The saboteurs were pushed back across the border.');
  });

  it('finds disputes and sources too', async () => {
    const text = await search('q=Ponomarev');
    expect(text).toMatch(/Sources .*Ilya Ponomarev person/);
    expect(await search('q=Belgorod+raids')).toContain('Did the Freedom of Russia Legion lose fighters in the May 2023 Belgorod raids?');
  });

  it('filters by status, source and date range', async () => {
    const authorities = (await t.db('sources').where('slug', 'russian-authorities').first()).id;
    expect(await search(`q=${encodeURIComponent('боевиков')}&status=contested`)).toContain('уничтожили более 70 боевиков');
    expect(await search(`q=${encodeURIComponent('боевиков')}&status=false`)).toContain('No published claim matches all of these words with these filters');
    expect(await search(`q=saboteurs&source=${authorities}&from=2022-01-01&to=2022-12-31`)).toContain('The saboteurs were pushed back');
    expect(await search('q=saboteurs&from=2023-01-01')).not.toContain('The saboteurs were pushed back');
  });

  it('never shows drafts', async () => {
    expect(await search(`q=${encodeURIComponent('черновик')}`)).not.toContain('Секретный черновик');
  });

  it('treats query syntax and markup as plain words, and refuses bad filters with a 400', async () => {
    const res = await t.agent().get(`/search?q=${encodeURIComponent("<script>alert(1)</script> & | ! :* ' )")}`).expect(200);
    expect(res.text).not.toContain('<script>alert');
    const bad = await t.agent().get('/search?q=x&from=2023-02-30&status=nonsense').expect(400);
    expect(visibleText(bad.text)).toContain('From must be a real date (YYYY-MM-DD).');
    expect(visibleText(bad.text)).toContain('Choose a status from the list.');
  });

  const sourceOptions = async (query: string) => {
    const html = (await t.agent().get(`/search?${query}`).expect(200)).text;
    const select = html.match(/<select[^>]*name="source"[^>]*>([\s\S]*?)<\/select>/)?.[1] ?? '';
    return [...select.matchAll(/<option value="([^"]*)"[^>]*>([^<]*)<\/option>/g)].map((o) => o[2]);
  };

  it('offers as the source filter the sources of the matching claims, with how many match', async () => {
    // Both claims about soldiers are Ponomarev's; the Russian one about fighters is the authorities'.
    expect(await sourceOptions('q=soldier')).toEqual(['Any source', 'Ilya Ponomarev (2)']);
    expect(await sourceOptions(`q=${encodeURIComponent('боевиков')}`)).toEqual(['Any source', 'Russian authorities (1)']);
    // Before any search there is nothing to choose from; a chosen source stays offered even with no match.
    expect(await sourceOptions('')).toEqual([]);
    const authorities = (await t.db('sources').where('slug', 'russian-authorities').first()).id;
    expect(await sourceOptions(`q=xyzzy&source=${authorities}`)).toEqual(['Any source', 'Russian authorities']);
  });

  it('keeps the source filter, with its message, on a refused search', async () => {
    const authorities = (await t.db('sources').where('slug', 'russian-authorities').first()).id;
    const kept = await t.agent().get(`/search?q=boevikov&source=${authorities}&from=2023-02-30`).expect(400);
    expect(kept.text).toMatch(/<option value="\d+" selected>Russian authorities<\/option>/);
    for (const source of ['nonsense', '99999999999']) {
      const refused = await t.agent().get(`/search?q=x&source=${source}`).expect(400);
      expect(refused.text).toContain('id="field-source"');
      expect(visibleText(refused.text)).toContain('Choose a source from the list.');
    }
  });
});

describe('full-text search over more matches than it ranks', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ seed: true });
    // More claims saying one word than the search ranks, and one that says it three times.
    await t.db.raw(`
      insert into claims (dispute_id, position_id, source_id, text, is_verbatim, said_on, venue, status, status_rationale)
      select c.dispute_id, c.position_id, c.source_id, 'Frequent word number ' || n, true, '2023-05-01', 'Wire', 'unverified', ''
      from claims c, generate_series(1, ?) n where c.text = ?`, [CANDIDATE_LIMIT + 50, NO_LOSSES_WORDS]);
  });
  afterAll(() => t.drop());

  it('says that it ranked only the first matches found, and shows a full page of them', async () => {
    const res = await t.agent().get('/search?q=frequent').expect(200);
    const text = visibleText(res.text);
    expect(text).toContain(`More than ${CANDIDATE_LIMIT.toLocaleString('en')} claims match`);
    expect(res.text.match(/<li>\s*<p class="claim-text"/g)).toHaveLength(20);
    expect(text).toContain('Next →');
  });

  it('does not let claims of drafts fill the ranked matches, nor count them', async () => {
    const draft = await createDispute(t.db, {
      slug: 'crowded-draft', title: 'A draft', summary: '', events_from: null, events_to: null, events_place: '', state: 'draft', positions: ['Yes', 'No'],
    }, { editorId: null, summary: 'test' });
    const [position] = await listPositions(t.db, draft.id);
    const source = await t.db('sources').where('slug', 'russian-authorities').first();
    await t.db.raw(`
      insert into claims (dispute_id, position_id, source_id, text, is_verbatim, said_on, venue, status, status_rationale)
      select ?, ?, ?, 'Unpublished word ' || n, true, '2023-05-01', 'Wire', 'unverified', '' from generate_series(1, ?) n`,
    [draft.id, position.id, source.id, CANDIDATE_LIMIT + 50]);
    const published = await t.db('claims').where('text', NO_LOSSES_WORDS).first();
    await t.db.raw(`
      insert into claims (dispute_id, position_id, source_id, text, is_verbatim, said_on, venue, status, status_rationale)
      values (?, ?, ?, 'A published unpublished word', true, '2023-05-02', 'Wire', 'unverified', '')`,
    [published.dispute_id, published.position_id, published.source_id]);
    const text = visibleText((await t.agent().get('/search?q=unpublished').expect(200)).text);
    expect(text).toContain('A published unpublished word');
    expect(text).not.toContain('Unpublished word 1');
    expect(text).not.toContain('claims match. These are the best');
  });

  it('does not say so when every match was ranked', async () => {
    const last = CANDIDATE_LIMIT + 50;
    const text = visibleText((await t.agent().get(`/search?q=frequent+${last}`).expect(200)).text);
    expect(text).toContain(`Frequent word number ${last}`);
    expect(text).not.toContain('claims match. These are the best');
  });
});
