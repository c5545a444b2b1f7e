import { createDispute } from '../db/disputes';
import { createSource } from '../db/sources';
import { ARTICLE, pasteArticle } from './support/intake-article';
import { Agent, startTestApp, TestApp, visibleText } from './support/app';
import { formOnPage, withChanges } from './support/page-form';

// The ordinary claim form can anchor a claim to a passage of a document: a verbatim quote only
// to the document's own words, a translated quote by its original-language words, a paraphrase
// to the passage it summarises.

const BY = { editorId: null, summary: 'Test data' };
const RUSSIAN = 'Пономарев заявил: «Мы не потеряли ни одного солдата». Других подробностей он не привел.';

let t: TestApp;
let editor: Agent;
let slug: string;
let fields: Record<string, string>;
let articleId: number;
let russianId: number;

beforeAll(async () => {
  t = await startTestApp();
  ({ agent: editor } = await t.signedIn());
  const source = await createSource(t.db, { slug: 'ponomarev', name: 'Ilya Ponomarev', kind: 'person', description: '', affiliation_id: null, url: null }, BY);
  const dispute = await createDispute(t.db, {
    slug: 'losses', title: 'Losses', summary: '', events_from: null, events_to: null, events_place: '', state: 'published', positions: ['None', 'Many'],
  }, BY);
  slug = dispute.slug;
  const position = await t.db('positions').where('dispute_id', dispute.id).orderBy('sort_order').first('id');
  articleId = (await pasteArticle(t.db)).id;
  russianId = (await pasteArticle(t.db, RUSSIAN, 'Интервью')).id;
  fields = {
    position_id: String(position.id), source_id: String(source.id), said_on: '2023-05-01', said_on_precision: 'month', venue: 'FRANCE 24',
    status: 'unverified', rationale: 'Not checked yet.',
  };
});
afterAll(() => t.drop());

async function newClaim(changes: Record<string, string>) {
  const form = formOnPage((await editor.get(`/disputes/${slug}/claims/new`).expect(200)).text);
  return editor.post(form.action).type('form').send(withChanges(form.pairs, { ...fields, ...changes }));
}

const claimCount = async () => Number((await t.db('claims').count({ n: '*' }).first())!.n);
const anchorOf = (text: string) => t.db('claims as c').join('claim_anchors as a', 'a.claim_id', 'c.id').where('c.text', text).first('a.*', 'c.id as claim');

describe('anchoring on the claim form', () => {
  it('anchors a verbatim quote to the document’s words, whatever its quote marks and spacing', async () => {
    // The article writes didn't with a straight apostrophe; a curly one is the same words.
    await newClaim({ text: 'We didn’t lose  a single soldier in these raids.', wording: 'verbatim', document_id: String(articleId) }).then((r) => expect(r.status).toBe(303));
    const anchor = await anchorOf('We didn’t lose  a single soldier in these raids.');
    expect(anchor).toMatchObject({ document_id: articleId, exact: 'We didn\'t lose a single soldier in these raids.', is_translation: false });
    expect(ARTICLE.slice(anchor.start_offset, anchor.end_offset)).toBe(anchor.exact);
  });

  it('refuses a verbatim quote that is not in the document, offers the closest passage, and saves nothing', async () => {
    const before = await claimCount();
    const refused = await newClaim({ text: 'We did not lose one soldier in these raids.', wording: 'verbatim', document_id: String(articleId) });
    expect(refused.status).toBe(422);
    expect(visibleText(refused.text)).toContain('A verbatim quote must be the document’s own words, and these are not in the document’s text. The closest passage is: “didn\'t lose a single soldier in these raids”.');
    expect(refused.text).toMatch(/id="field-text"[^>]*aria-invalid="true"/);
    const again = formOnPage(refused.text);
    expect(again.pairs).toEqual(expect.arrayContaining([['text', 'We did not lose one soldier in these raids.'], ['document_id', String(articleId)]]));
    expect(await claimCount()).toBe(before);
  });

  it('anchors a translated quote by its original-language words and says it is a translation', async () => {
    await newClaim({
      text: 'We did not lose a single soldier.', wording: 'verbatim', original_text: 'Мы не потеряли ни одного солдата', original_language: 'ru', document_id: String(russianId),
    }).then((r) => expect(r.status).toBe(303));
    expect(await anchorOf('We did not lose a single soldier.')).toMatchObject({ document_id: russianId, exact: 'Мы не потеряли ни одного солдата', is_translation: true });
    const refused = await newClaim({
      text: 'We lost nobody.', wording: 'verbatim', original_text: 'Мы никого не потеряли', original_language: 'ru', document_id: String(russianId),
    });
    expect(refused.status).toBe(422);
    expect(visibleText(refused.text)).toContain('A verbatim quote must be the document’s own words, and these original-language words are not in the document’s text.');
    expect(refused.text).toMatch(/id="field-original_text"[^>]*aria-invalid="true"/);
  });

  it('anchors a paraphrase to the passage it summarises, which must be the document’s words', async () => {
    const missing = await newClaim({ text: 'The ministry says 70 died.', wording: 'paraphrase', document_id: String(articleId) });
    expect(missing.status).toBe(422);
    expect(visibleText(missing.text)).toContain('Give the passage of the document that this paraphrase summarises');
    const wrong = await newClaim({ text: 'The ministry says 70 died.', wording: 'paraphrase', document_id: String(articleId), passage: 'killing 80 fighters' });
    expect(wrong.status).toBe(422);
    expect(visibleText(wrong.text)).toContain('This passage is not in the document’s text. The closest passage is: “killing 70 fighters”.');
    await newClaim({ text: 'The ministry says 70 died.', wording: 'paraphrase', document_id: String(articleId), passage: 'its forces had crushed the raiders in Belgorod, killing 70 fighters' })
      .then((r) => expect(r.status).toBe(303));
    expect(await anchorOf('The ministry says 70 died.')).toMatchObject({ exact: 'its forces had crushed the raiders in Belgorod, killing 70 fighters', is_translation: false });
  });

  it('keeps a claim without a document unanchored, as before', async () => {
    await newClaim({ text: 'Said somewhere else entirely.', wording: 'paraphrase' }).then((r) => expect(r.status).toBe(303));
    expect(await anchorOf('Said somewhere else entirely.')).toBeUndefined();
  });

  it('checks the passage again on every edit, and moves the anchor when the quote changes', async () => {
    await newClaim({ text: 'Ukraine has nothing to do with what happens inside Russia.', wording: 'verbatim', document_id: String(articleId) }).then((r) => expect(r.status).toBe(303));
    const first = await anchorOf('Ukraine has nothing to do with what happens inside Russia.');
    const page = await editor.get(`/claims/${first.claim}/edit`).expect(200);
    const form = formOnPage(page.text);
    expect(form.pairs).toEqual(expect.arrayContaining([['document_id', String(articleId)], ['passage', first.exact]]));
    const refused = await editor.post(form.action).type('form').send(withChanges(form.pairs, { text: 'Ukraine has nothing to do with it.' })).expect(422);
    expect(visibleText(refused.text)).toContain('these are not in the document’s text');
    const cleared = await editor.post(form.action).type('form').send(withChanges(form.pairs, { document_id: '' })).expect(422);
    expect(visibleText(cleared.text)).toContain('A claim taken from a document stays anchored to it');
    await editor.post(form.action).type('form').send(withChanges(form.pairs, { text: 'a purely Russian affair' })).expect(303);
    const moved = await anchorOf('a purely Russian affair');
    expect(moved).toMatchObject({ id: first.id, exact: 'a purely Russian affair', version: 2 });
    // Saved again unchanged, the anchor keeps its version.
    const again = formOnPage((await editor.get(`/claims/${first.claim}/edit`).expect(200)).text);
    await editor.post(again.action).type('form').send(withChanges(again.pairs, { venue: 'Elsewhere' })).expect(303);
    expect(await anchorOf('a purely Russian affair')).toMatchObject({ version: 2 });
  });
});
