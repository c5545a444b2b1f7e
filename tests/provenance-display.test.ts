import { createAnchor, findAnchorOfClaim, updateAnchor } from '../db/anchors';
import { createClaim } from '../db/claims';
import { listPositions } from '../db/disputes';
import { createDocument, findDocument, updateDocument } from '../db/documents';
import { findSourceBySlug, updateSource } from '../db/sources';
import { startTestApp, TestApp, visibleText } from './support/app';
import { LOSSES, LOSSES_SLUG, NO_LOSSES_WORDS } from './support/founding-case';

// Under each anchored claim, on its dispute's page and its own: where it was taken from, and the
// sentence around the passage on demand. The dispute page is kept for readers: every change to
// an anchor, its document or the document's publisher must show on the next read.

const RUSSIAN = 'Пресс-служба сообщила о событиях. «Мы не потеряли ни одного бойца», — заявил командир. Больше ничего не сказано.';
const ORIGINAL = 'Мы не потеряли ни одного бойца';
const by = { editorId: null, summary: 'test' };

function claimCards(html: string): string[] {
  return html.split('<article class="claim" id="claim-').slice(1).map((part) => part.split('</article>')[0]);
}

function cardOf(html: string, claimId: number): string {
  const card = claimCards(html).find((part) => part.startsWith(`${claimId}"`));
  if (!card) throw new Error(`no card for claim ${claimId}`);
  return card;
}

describe('provenance under claims', () => {
  let t: TestApp;
  let foundingId: number;
  let seededClaimId: number;
  let translatedClaimId: number;
  const reader = async (path = LOSSES) => (await t.agent().get(path).expect(200)).text;

  beforeAll(async () => {
    t = await startTestApp({ seed: true });
    foundingId = (await t.db('documents').first('id')).id;
    seededClaimId = (await t.db('claims').where('text', 'like', `%${NO_LOSSES_WORDS}%`).first('id')).id;
    const dispute = await t.db('disputes').where('slug', LOSSES_SLUG).first();
    const [position] = await listPositions(t.db, dispute.id);
    const source = await t.db('sources').first();
    const russian = await createDocument(t.db, {
      title: 'Заявление пресс-службы', publisher_id: null, authors: '', url: null, published_on: '2023-05-23', published_on_precision: 'day',
      language: 'ru', text: RUSSIAN, full_text_public: true,
    }, by);
    const claim = await createClaim(t.db, dispute.id, {
      position_id: position.id, source_id: source.id, text: 'We did not lose a single fighter', is_verbatim: true,
      original_text: ORIGINAL, original_language: 'ru', said_on: '2023-05-23', said_on_precision: 'day', venue: 'Statement', url: null,
      status: 'unverified', rationale: 'New.',
    }, by);
    const start = Array.from(RUSSIAN).indexOf('М');
    await createAnchor(t.db, claim.id, { document_id: russian.id, start_offset: start, end_offset: start + Array.from(ORIGINAL).length, is_translation: true }, by);
    translatedClaimId = claim.id;
  });
  afterAll(() => t.drop());

  it('shows "from: document, publisher, date" linking to the passage, with the sentence in a <details>, on the dispute page', async () => {
    const html = await reader();
    const card = cardOf(html, seededClaimId);
    const document = (await findDocument(t.db, foundingId))!;
    expect(card).toContain(`<p class="provenance">from: <a href="/documents/${foundingId}#passage-${seededClaimId}">`);
    expect(visibleText(card)).toContain(`from: ${document.title}, FRANCE 24, May 2023`);
    // The month the article gives, never a day it does not.
    expect(card).not.toMatch(/from:[^<]*<a[^>]*>[^<]*<\/a>, FRANCE 24, \d+ May 2023/);
    const anchor = (await findAnchorOfClaim(t.db, seededClaimId))!;
    const details = card.match(/<details class="passage-context">([\s\S]*?)<\/details>/)![1];
    expect(details).toContain('<summary>The sentence it was taken from</summary>');
    expect(details).toContain(`<mark>${anchor.exact.replace(/&/g, '&amp;').replace(/"/g, '&#34;').replace(/'/g, '&#39;')}</mark>`);
    // The sentence is the source's own words: the passage inside it, the document holding all of it.
    const sentence = visibleText(details.replace(/<summary>[\s\S]*?<\/summary>/, '')).replace(/^… | …$/g, '');
    expect(document.text.replace(/\s+/g, ' ')).toContain(sentence);
    expect(sentence.length).toBeGreaterThan(anchor.exact.length);
    // Every seeded claim is anchored, so every card says where it is from.
    expect(claimCards(html).every((part) => part.includes('<p class="provenance">from: '))).toBe(true);
  });

  it('shows the same on the claim page, and says a translated quote is translated from Russian', async () => {
    const own = cardOf(await reader(`/claims/${seededClaimId}`), seededClaimId);
    expect(own).toContain(`href="/documents/${foundingId}#passage-${seededClaimId}"`);
    expect(own).toContain('<details class="passage-context">');
    for (const html of [await reader(), await reader(`/claims/${translatedClaimId}`)]) {
      const card = cardOf(html, translatedClaimId);
      expect(visibleText(card)).toContain('from: Заявление пресс-службы, 23 May 2023 · translated from Russian');
      expect(card).toContain(`<p lang="ru" dir="auto">«<mark>${ORIGINAL}</mark>», — заявил командир.</p>`);
    }
    expect(visibleText(cardOf(await reader(), seededClaimId))).not.toContain('translated from');
  });

  it('refreshes the kept dispute page when the document, its publisher or the anchor changes', async () => {
    await reader();
    const kept = await t.agent().get(LOSSES).expect(200);
    expect(kept.text).toContain('Заявление пресс-службы');

    const document = (await findDocument(t.db, foundingId))!;
    const { id: _id, version, text_sha256: _h, ...rest } = document;
    await updateDocument(t.db, foundingId, version, {
      title: 'Renamed article', publisher_id: rest.publisher_id, authors: rest.authors, url: rest.url, published_on: '2023-01-01',
      published_on_precision: 'year', language: rest.language, text: rest.text, full_text_public: rest.full_text_public,
    }, by);
    expect(visibleText(cardOf(await reader(), seededClaimId))).toContain('from: Renamed article, FRANCE 24, 2023');

    const publisher = (await findSourceBySlug(t.db, 'france-24'))!;
    await updateSource(t.db, publisher.id, publisher.version, {
      name: 'France 24 (renamed)', kind: publisher.kind, description: publisher.description, affiliation_id: publisher.affiliation_id, url: publisher.url,
    }, by);
    expect(visibleText(cardOf(await reader(), seededClaimId))).toContain('from: Renamed article, France 24 (renamed), 2023');

    const anchor = (await findAnchorOfClaim(t.db, translatedClaimId))!;
    const shorter = anchor.start_offset + Array.from('Мы не потеряли').length;
    await updateAnchor(t.db, anchor.id, anchor.version, { document_id: anchor.document_id, start_offset: anchor.start_offset, end_offset: shorter, is_translation: true }, by);
    expect(cardOf(await reader(), translatedClaimId)).toContain('«<mark>Мы не потеряли</mark> ни одного бойца», — заявил командир.');
  });
});
