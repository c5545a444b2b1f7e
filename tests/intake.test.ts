import { ARTICLE, pasteArticle } from './support/intake-article';
import { Agent, startTestApp, TestApp, visibleText } from './support/app';
import { FAILPOINT, installFailpoint } from './support/failpoint';
import { formOnPage, PageForm, withChanges } from './support/page-form';

// "New claims from a document": the candidates proposed from a pasted article, kept, corrected and
// saved with new speakers, a new dispute, statuses and links in one submission, or not at all.

let t: TestApp;
let editor: Agent;

beforeAll(async () => {
  t = await startTestApp();
  ({ agent: editor } = await t.signedIn());
});
afterAll(() => t.drop());

const count = async (table: string) => Number((await t.db(table).count({ n: '*' }).first())!.n);
const counts = async () => Object.fromEntries(await Promise.all(['sources', 'disputes', 'positions', 'claims', 'claim_anchors', 'claim_links'].map(async (table) => [table, await count(table)])));

async function intakePage(documentId: number, query = ''): Promise<{ html: string; form: PageForm }> {
  const page = await editor.get(`/documents/${documentId}/claims/new${query}`).expect(200);
  return { html: page.text, form: formOnPage(page.text) };
}

// Rows of the article: 0 the ministry (reported), 1 Ponomarev's quote, 2 Yusov (reported), 3 and 4 Yusov's quotes.
const THE_CASE = {
  dispute_title: 'Who was behind the Belgorod raid, and at what cost?', dispute_state: 'published',
  position_label: ['The raiders were crushed', 'The Legion lost nobody', 'Ukraine had no part'],
  c0_keep: '1', c0_speaker: 'new', c0_new_speaker_name: 'Russian Defence Ministry', c0_new_speaker_kind: 'government', c0_position: 'new-0',
  c0_status: 'contested', c0_rationale: 'No independent count of the dead.',
  c1_keep: '1', c1_speaker: 'new', c1_new_speaker_name: 'Ilya Ponomarev', c1_position: 'new-1',
  c4_keep: '1', c4_speaker: 'new', c4_new_speaker_name: 'Andriy Yusov', c4_position: 'new-2', c4_status: 'unverifiable', c4_rationale: 'Nothing public either way.',
  link_from: ['0', '1', ''], link_type: ['contradicts', 'supports', 'contradicts'], link_to: ['1', '4', ''],
};

describe('the intake page', () => {
  it('shows each candidate with its passage highlighted in its sentence, with the document’s date at its precision', async () => {
    const document = await pasteArticle(t.db);
    const { html, form } = await intakePage(document.id);
    expect(html).toContain('<mark>We didn&#39;t lose a single soldier in these raids.</mark>');
    expect(html).toContain('insisted that the raids were “a purely Russian affair” and said: “<mark>Ukraine has nothing');
    const value = (name: string) => form.pairs.find(([n]) => n === name)?.[1];
    expect([value('c1_text'), value('c1_wording'), value('c1_said_on'), value('c1_said_on_precision'), value('c1_status')])
      .toEqual(['We didn\'t lose a single soldier in these raids.', 'verbatim', '2023-05-01', 'month', 'unverified']);
    expect([value('c0_wording'), value('c0_speaker'), value('c0_new_speaker_name')]).toEqual(['paraphrase', 'new', 'Russian Defence Ministry']);
    expect(value('c0_keep')).toBeUndefined();
  });

  it('is for editors only', async () => {
    const document = await pasteArticle(t.db);
    const response = await t.agent().get(`/documents/${document.id}/claims/new`);
    expect(response.status).not.toBe(200);
  });

  it('records 3 new speakers, a new dispute with 3 positions, 3 claims with statuses, anchors and links in one submission', async () => {
    const before = await counts();
    const document = await pasteArticle(t.db);
    const { form } = await intakePage(document.id);
    const saved = await editor.post(form.action).type('form').send(withChanges(form.pairs, THE_CASE)).expect(303);
    const dispute = await t.db('disputes').where('title', THE_CASE.dispute_title).first();
    expect(saved.headers.location).toBe(`/disputes/${dispute.slug}`);
    expect(await counts()).toEqual({
      ...before, sources: before.sources + 3, disputes: before.disputes + 1, positions: before.positions + 3,
      claims: before.claims + 3, claim_anchors: before.claim_anchors + 3, claim_links: before.claim_links + 2,
    });
    const claims = await t.db('claims as c').join('sources as s', 's.id', 'c.source_id').join('positions as p', 'p.id', 'c.position_id')
      .join('claim_anchors as a', 'a.claim_id', 'c.id').where('c.dispute_id', dispute.id).orderBy('c.id')
      .select('s.name', 's.kind', 'p.label', 'c.text', 'c.is_verbatim', 'c.status', 'c.said_on_precision', 'c.figure_low', 'a.exact', 'a.document_id');
    expect(claims.map((c) => [c.name, c.kind, c.label, c.is_verbatim, c.status, c.said_on_precision, c.figure_low, c.document_id])).toEqual([
      ['Russian Defence Ministry', 'government', 'The raiders were crushed', false, 'contested', 'month', 70, document.id],
      ['Ilya Ponomarev', 'person', 'The Legion lost nobody', true, 'unverified', 'month', null, document.id],
      ['Andriy Yusov', 'person', 'Ukraine had no part', true, 'unverifiable', 'month', null, document.id],
    ]);
    // A verbatim claim is anchored to exactly its words; a paraphrase to the sentence it reports.
    expect(claims[1].exact).toBe(claims[1].text);
    expect(claims[0].exact).toBe('The Russian Defence Ministry said that its forces had crushed the raiders in Belgorod, killing 70 fighters.');
    const page = await t.agent().get(saved.headers.location).expect(200);
    expect(visibleText(page.text)).toContain('We didn\'t lose a single soldier in these raids.');
  });

  it('saves nothing when one candidate is wrong, and shows every field again with the closest passage offered', async () => {
    const document = await pasteArticle(t.db);
    const before = await counts();
    const { form } = await intakePage(document.id);
    const changed = { ...THE_CASE, dispute_title: 'A dispute that must not exist', c1_text: 'We did not lose one single soldier in these raids.' };
    const refused = await editor.post(form.action).type('form').send(withChanges(form.pairs, changed)).expect(422);
    expect(await counts()).toEqual(before);
    expect(visibleText(refused.text)).toContain('These words are not in the document, so they cannot be a verbatim quote. The closest passage is: “We didn\'t lose a single soldier in these raids”. Use its words, or mark the claim as a paraphrase.');
    const again = formOnPage(refused.text);
    const sent = new URLSearchParams(withChanges(form.pairs, changed));
    // Every field comes back as it was sent (the one-time key too, so a corrected send still counts once).
    const sorted = (pairs: Array<[string, string]>) => pairs.map(([n, v]) => `${n}=${v}`).sort();
    expect(sorted(again.pairs)).toEqual(sorted([...sent.entries()]));
    expect(again.pairs.filter(([n]) => n === 'position_label').map(([, v]) => v)).toEqual(THE_CASE.position_label);
    expect(again.pairs.find(([n]) => n === 'c1_text')![1]).toBe('We did not lose one single soldier in these raids.');
    expect(again.pairs.find(([n]) => n === 'c4_keep')![1]).toBe('1');
    expect(refused.text).toMatch(/id="field-c1_text"[^>]*aria-invalid="true"/);
    // Marked as a paraphrase, the same words are accepted, anchored to the sentence they summarise.
    await editor.post(again.action).type('form').send(withChanges(again.pairs, { c1_wording: 'paraphrase' })).expect(303);
    expect((await counts()).claims).toBe(before.claims + 3);
  });

  it('writes none of it when the database fails at the last claim, after the speakers, the dispute and two claims', async () => {
    await installFailpoint(t.db);
    const document = await pasteArticle(t.db);
    const before = await counts();
    const { form } = await intakePage(document.id);
    const failed = await editor.post(form.action).type('form').send(withChanges(form.pairs, { ...THE_CASE, dispute_title: 'Half a case', c4_rationale: `${FAILPOINT} rationale` }));
    expect(failed.status).toBe(500);
    expect(await counts()).toEqual(before);
    expect(await t.db('revisions').where('summary', 'like', 'Taken from the document%').whereRaw("snapshot::text like '%Half a case%'").first()).toBeUndefined();
  });

  it('says what is missing in every kept row at once, and that links need both claims kept', async () => {
    const document = await pasteArticle(t.db);
    const before = await counts();
    const { form } = await intakePage(document.id);
    const refused = await editor.post(form.action).type('form').send(withChanges(form.pairs, {
      ...THE_CASE, position_label: ['Only one', '', ''], c0_rationale: '', c4_new_speaker_name: '', c1_said_on: '', link_to: ['2', '4', ''],
    })).expect(422);
    const text = visibleText(refused.text);
    for (const message of [
      'A dispute needs at least two positions', 'Enter rationale.', 'Type the new speaker’s name', 'Enter date said.', 'Both claims of a link must be ticked to keep.',
    ]) expect(text).toContain(message);
    expect(await counts()).toEqual(before);
  });

  it('creates once when the same page is sent twice', async () => {
    const document = await pasteArticle(t.db);
    const before = await counts();
    const { form } = await intakePage(document.id);
    const body = withChanges(form.pairs, { ...THE_CASE, dispute_title: 'Sent twice' });
    const first = await editor.post(form.action).type('form').send(body).expect(303);
    const second = await editor.post(form.action).type('form').send(body).expect(303);
    expect(second.headers.location).toBe(first.headers.location);
    expect((await counts()).claims).toBe(before.claims + 3);
    expect(await t.db('disputes').where('title', 'Sent twice').count({ n: '*' }).first()).toEqual({ n: expect.anything() });
    expect(Number((await t.db('disputes').where('title', 'Sent twice').count({ n: '*' }).first())!.n)).toBe(1);
  });

  it('makes one source of a new speaker named on two claims, whatever the case of the name', async () => {
    const document = await pasteArticle(t.db);
    const { form } = await intakePage(document.id);
    await editor.post(form.action).type('form').send(withChanges(form.pairs, {
      ...THE_CASE, dispute_title: 'Yusov twice', c3_keep: '1', c3_speaker: 'new', c3_new_speaker_name: 'ANDRIY YUSOV', c3_position: 'new-2',
      c4_new_speaker_name: 'Andriy Yusov ',
    })).expect(303);
    const dispute = await t.db('disputes').where('title', 'Yusov twice').first('id');
    const speakers = await t.db('claims').where('dispute_id', dispute.id).distinct('source_id').pluck('source_id');
    expect(speakers).toHaveLength(3);
  });

  it('matches a speaker to a known source by its name or another form of it recorded on the source form', async () => {
    const created = await submitSource({ name: 'Илья Пономарёв', kind: 'person', other_names: 'Ponomarev\n\nПОНОМАРЕВ\nPonomarev' });
    expect(created.status).toBe(303);
    const source = await t.db('sources').where('name', 'Илья Пономарёв').first();
    expect(source.other_names).toBe('Ponomarev\nПОНОМАРЕВ');
    const document = await pasteArticle(t.db, 'Депутат Пономарев сказал: «Мы не потеряли ни одного солдата в этих рейдах».', 'Интервью');
    const { form } = await intakePage(document.id);
    expect(form.pairs.find(([n]) => n === 'c0_speaker')![1]).toBe(String(source.id));
    expect(form.pairs.find(([n]) => n === 'c0_new_speaker_name')![1]).toBe('');
    // Without the other form, the same speaker is offered as a new one.
    const edit = formOnPage((await editor.get(`/sources/${source.slug}/edit`).expect(200)).text);
    expect(edit.pairs.find(([n]) => n === 'other_names')![1]).toBe('Ponomarev\nПОНОМАРЕВ');
    await editor.post(edit.action).type('form').send(withChanges(edit.pairs, { other_names: 'Ponomarev' })).expect(303);
    const unmatched = await intakePage(document.id);
    expect(unmatched.form.pairs.find(([n]) => n === 'c0_speaker')![1]).toBe('new');
    expect(unmatched.form.pairs.find(([n]) => n === 'c0_new_speaker_name')![1]).toBe('Пономарев');
  });

  it('offers a long article’s candidates a page at a time, each page a form within the fields a body may carry', async () => {
    const document = await pasteArticle(t.db, [1, 2, 3, 4].map((n) => ARTICLE.replace('three accounts', `account ${n}`)).join('\n'), 'Four times');
    const first = await intakePage(document.id);
    expect(first.form.pairs.length).toBeLessThanOrEqual(200);
    expect(first.html).toContain('Candidates 1–12 of 20.');
    const second = await intakePage(document.id, '?from=12');
    expect(second.form.action).toBe(`/documents/${document.id}/claims?from=12`);
    expect(second.form.pairs.some(([n]) => n === 'c11_text')).toBe(false);
    const saved = await editor.post(second.form.action).type('form').send(withChanges(second.form.pairs, {
      dispute_title: 'From the second page', position_label: ['Yes', 'No', ''], c16_keep: '1', c16_speaker: 'new', c16_new_speaker_name: 'Ilya Ponomarev', c16_position: 'new-1',
    }));
    expect(saved.status).toBe(303);
    const dispute = await t.db('disputes').where('title', 'From the second page').first('id');
    expect(await t.db('claims').where('dispute_id', dispute.id).pluck('text')).toEqual(['We didn\'t lose a single soldier in these raids.']);
  });

  it('puts claims under an existing dispute’s positions', async () => {
    const document = await pasteArticle(t.db);
    const first = await intakePage(document.id);
    await editor.post(first.form.action).type('form').send(withChanges(first.form.pairs, { ...THE_CASE, dispute_title: 'An existing one' })).expect(303);
    const dispute = await t.db('disputes').where('title', 'An existing one').first();
    const positions = await t.db('positions').where('dispute_id', dispute.id).orderBy('sort_order').pluck('id');
    const other = await pasteArticle(t.db, `${ARTICLE}\nLater the ministry added that the raiders had been “completely destroyed”.`, 'A later account');
    const { form, html } = await intakePage(other.id, `?dispute=${dispute.slug}`);
    expect(html).not.toContain('name="dispute_title"');
    const saved = await editor.post(form.action).type('form').send(withChanges(form.pairs, {
      c0_keep: '1', c0_speaker: 'new', c0_new_speaker_name: 'Russian Defence Ministry', c0_position: String(positions[0]),
    })).expect(303);
    expect(saved.headers.location).toBe(`/disputes/${dispute.slug}`);
    expect(Number((await t.db('claims').where('dispute_id', dispute.id).count({ n: '*' }).first())!.n)).toBe(4);
    // A position of another dispute is refused.
    const again = await intakePage(other.id, `?dispute=${dispute.slug}`);
    const refused = await editor.post(again.form.action).type('form').send(withChanges(again.form.pairs, { c0_keep: '1', c0_position: '999999' })).expect(422);
    expect(visibleText(refused.text)).toContain('Choose one of the dispute’s positions.');
  });
});

async function submitSource(fields: Record<string, string>) {
  const form = formOnPage((await editor.get('/sources/new').expect(200)).text);
  return editor.post(form.action).type('form').send(withChanges(form.pairs, fields));
}
