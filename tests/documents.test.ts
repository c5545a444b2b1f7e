import { createHash } from 'node:crypto';
import { createAnchor, findAnchorOfClaim, listAnchorsOfDocument, PassageOutOfRange, updateAnchor } from '../db/anchors';
import { createClaim } from '../db/claims';
import { createDispute } from '../db/disputes';
import { createDocument, DocumentAnchored, DocumentInput, findDocument, isDocumentAnchored, listDocuments, replaceDocument, updateDocument } from '../db/documents';
import { fieldErrorFromDb } from '../db/errors';
import { listRevisions, VersionConflict } from '../db/revisions';
import { createSource } from '../db/sources';
import { findPassage, passageAt } from '../db/passages';
import { createTestDb, TestDb } from './support/db';

// Source documents and the anchors of claims in them, through the db functions on a real
// database: what the database itself guarantees (hashes, selectors that match the text, a
// quoted text that cannot change) holds whatever code writes to it.

const BY = { editorId: null, summary: 'Test data' };
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

// An emoji is two UTF-16 units but one code point: offsets after it tell the two counts apart.
const TEXT = 'Opening line 🙂 with a wink.\n\nThe minister said “we will rebuild every bridge” on Monday. Later he added that “every bridge” meant only the big ones.';

let t: TestDb;
let publisherId: number;
let disputeId: number;
let positionId: number;
let speakerId: number;

function documentInput(overrides: Partial<DocumentInput> = {}): DocumentInput {
  return {
    title: 'Minister on bridges', publisher_id: publisherId, authors: 'A. Reporter', url: null,
    published_on: '2023-05-01', published_on_precision: 'month', language: 'en', text: TEXT, full_text_public: true, ...overrides,
  };
}

async function newClaim(text: string, original: { original_text: string; original_language: string } | null = null) {
  return createClaim(t.db, disputeId, {
    position_id: positionId, source_id: speakerId, text, is_verbatim: true,
    original_text: original?.original_text ?? null, original_language: original?.original_language ?? null,
    said_on: '2023-05-01', said_on_precision: 'month', venue: 'Press conference', url: null,
    status: 'unverified', rationale: '',
  }, BY);
}

/** The passage of `exact` in TEXT (or another text), as code-point offsets. */
function offsetsOf(exact: string, text = TEXT, hint = {}) {
  const passage = findPassage(text, exact, hint);
  if (!passage) throw new Error(`${exact} not found`);
  return { start_offset: passage.start_offset, end_offset: passage.end_offset };
}

async function refusal(promise: Promise<unknown>) {
  const err = await promise.then(() => undefined, (e: unknown) => e);
  expect(err).toBeDefined();
  return { constraint: (err as { constraint?: string }).constraint, field: fieldErrorFromDb(err)?.field };
}

beforeAll(async () => {
  t = await createTestDb();
  publisherId = (await createSource(t.db, { slug: 'daily', name: 'The Daily', kind: 'media', description: '', affiliation_id: null, url: null }, BY)).id;
  speakerId = (await createSource(t.db, { slug: 'minister', name: 'The Minister', kind: 'person', description: '', affiliation_id: null, url: null }, BY)).id;
  const dispute = await createDispute(t.db, {
    slug: 'bridges', title: 'Bridges', summary: '', events_from: null, events_to: null, events_place: '', state: 'published', positions: ['Yes', 'No'],
  }, BY);
  disputeId = dispute.id;
  positionId = (await t.db('positions').where('dispute_id', disputeId).orderBy('sort_order').first()).id;
});
afterAll(() => t.drop());

describe('documents', () => {
  it('stores the text with its SHA-256, a capture with its HTML’s, and a first revision', async () => {
    const html = '<article><p>Opening line 🙂</p></article>';
    const captured = await createDocument(t.db, documentInput({ url: 'https://example.org/a', html, captured_at: new Date('2023-05-24T10:00:00Z') }), BY);
    expect(captured.text_sha256).toBe(sha256(TEXT));
    expect(captured.html_sha256).toBe(sha256(html));
    const pasted = await createDocument(t.db, documentInput(), BY);
    expect(pasted).toMatchObject({ html: null, html_sha256: null, version: 1, replaces_document_id: null, full_text_public: true });
    expect(await findDocument(t.db, pasted.id)).toMatchObject({ publisher_name: 'The Daily', replaced_by_id: null, published_on: '2023-05-01' });
    const [revision] = await listRevisions(t.db, 'document', pasted.id);
    expect(revision.snapshot).toMatchObject({ title: 'Minister on bridges', text: TEXT, text_sha256: sha256(TEXT), deleted: false });
    const listed = await listDocuments(t.db, 1, 10);
    expect(listed.map((d) => d.id)).toEqual(expect.arrayContaining([captured.id, pasted.id]));
    expect(listed[0]).not.toHaveProperty('text');
  });

  it('never lets a written hash disagree with the text', async () => {
    const document = await createDocument(t.db, documentInput(), BY);
    const [row] = await t.db('documents').where('id', document.id).update({ text_sha256: '0'.repeat(64), text: 'Another text.' }).returning('text_sha256');
    expect(row.text_sha256).toBe(sha256('Another text.'));
  });

  it('refuses a day where the precision says month, a language that is not a tag, an address that is not the web', async () => {
    expect(await refusal(createDocument(t.db, documentInput({ published_on: '2023-05-24' }), BY))).toEqual({ constraint: 'documents_published_on_month_first_day', field: undefined });
    expect(await refusal(createDocument(t.db, documentInput({ published_on: '2023-05-01', published_on_precision: null }), BY))).toMatchObject({ constraint: 'documents_published_on_pair' });
    expect(await refusal(createDocument(t.db, documentInput({ language: 'English' }), BY))).toEqual({ constraint: 'documents_language_check', field: 'language' });
    expect(await refusal(createDocument(t.db, documentInput({ url: 'file:///etc/passwd' }), BY))).toEqual({ constraint: 'documents_url_check', field: 'url' });
    expect(await createDocument(t.db, documentInput({ language: 'pt-BR', published_on: null, published_on_precision: null }), BY)).toMatchObject({ language: 'pt-BR' });
  });

  it('edits with the version the editor loaded: a stale save is a conflict, never a lost update', async () => {
    const document = await createDocument(t.db, documentInput(), BY);
    const edited = await updateDocument(t.db, document.id, 1, { ...documentInput(), title: 'Minister on bridges (full)', text: `${TEXT} Fixed a typo.` }, BY);
    expect(edited).toMatchObject({ version: 2, title: 'Minister on bridges (full)', text_sha256: sha256(`${TEXT} Fixed a typo.`) });
    await expect(updateDocument(t.db, document.id, 1, documentInput({ title: 'Stale' }), BY)).rejects.toBeInstanceOf(VersionConflict);
    expect((await listRevisions(t.db, 'document', document.id)).map((r) => r.version)).toEqual([2, 1]);
  });
});

describe('claim anchors', () => {
  it('anchors a claim to its passage, with the words and context read from the document, offsets in code points', async () => {
    const document = await createDocument(t.db, documentInput(), BY);
    const claim = await newClaim('we will rebuild every bridge');
    const anchor = await createAnchor(t.db, claim.id, { document_id: document.id, ...offsetsOf('we will rebuild every bridge'), is_translation: false }, BY);
    expect(anchor).toMatchObject({ exact: 'we will rebuild every bridge', suffix: '” on Monday. Later he added that', version: 1 });
    expect(anchor.prefix.endsWith('The minister said “')).toBe(true);
    // 🙂 counts once: the UTF-16 index is one more than the offset stored.
    expect(TEXT.indexOf('we will')).toBe(anchor.start_offset + 1);
    expect(await findAnchorOfClaim(t.db, claim.id)).toMatchObject({ document_title: 'Minister on bridges', publisher_name: 'The Daily', document_published_on_precision: 'month' });
    expect((await listAnchorsOfDocument(t.db, document.id, false)).map((a) => [a.claim_id, a.claim_text, a.source_name])).toEqual([[claim.id, 'we will rebuild every bridge', 'The Minister']]);
    expect(await listRevisions(t.db, 'anchor', anchor.id)).toHaveLength(1);
  });

  it('refuses selectors that do not match the text, offsets outside it, and a second anchor for one claim', async () => {
    const document = await createDocument(t.db, documentInput(), BY);
    const claim = await newClaim('every bridge');
    const wrong = { claim_id: claim.id, document_id: document.id, exact: 'every bridgE', prefix: '', suffix: '', ...offsetsOf('every bridge', TEXT, { start_offset: 50 }) };
    expect(await refusal(t.db('claim_anchors').insert(wrong))).toEqual({ constraint: 'claim_anchors_passage_mismatch', field: 'passage' });
    expect(await refusal(t.db('claim_anchors').insert({ ...wrong, exact: 'every bridge', prefix: 'not before it' }))).toMatchObject({ constraint: 'claim_anchors_passage_mismatch' });
    await expect(createAnchor(t.db, claim.id, { document_id: document.id, start_offset: 10, end_offset: 10_000, is_translation: false }, BY)).rejects.toBeInstanceOf(PassageOutOfRange);
    await createAnchor(t.db, claim.id, { document_id: document.id, ...offsetsOf('every bridge', TEXT, { start_offset: 50 }), is_translation: false }, BY);
    expect(await refusal(createAnchor(t.db, claim.id, { document_id: document.id, ...offsetsOf('on Monday'), is_translation: false }, BY)))
      .toEqual({ constraint: 'claim_anchors_claim_unique', field: 'claim_id' });
  });

  it('anchors a translated quote by its original words, and only a claim that has them', async () => {
    const russian = 'Министр сказал: «мы восстановим каждый мост».';
    const document = await createDocument(t.db, documentInput({ language: 'ru', text: russian }), BY);
    const offsets = offsetsOf('мы восстановим каждый мост', russian);
    const untranslated = await newClaim('we will rebuild every bridge');
    expect(await refusal(createAnchor(t.db, untranslated.id, { document_id: document.id, ...offsets, is_translation: true }, BY)))
      .toEqual({ constraint: 'claim_anchors_translation_needs_original', field: 'original_text' });
    const translated = await newClaim('we will rebuild every bridge', { original_text: 'мы восстановим каждый мост', original_language: 'ru' });
    const anchor = await createAnchor(t.db, translated.id, { document_id: document.id, ...offsets, is_translation: true }, BY);
    expect(anchor).toMatchObject({ exact: 'мы восстановим каждый мост', is_translation: true });
  });

  it('moves an anchor with the version it was loaded at', async () => {
    const document = await createDocument(t.db, documentInput(), BY);
    const claim = await newClaim('every bridge');
    const anchor = await createAnchor(t.db, claim.id, { document_id: document.id, ...offsetsOf('every bridge', TEXT, { start_offset: 50 }), is_translation: false }, BY);
    const moved = await updateAnchor(t.db, anchor.id, 1, { document_id: document.id, ...offsetsOf('every bridge', TEXT, { start_offset: 120 }), is_translation: false }, BY);
    expect(moved.version).toBe(2);
    expect(moved.start_offset).toBeGreaterThan(anchor.start_offset);
    await expect(updateAnchor(t.db, anchor.id, 1, { document_id: document.id, ...offsetsOf('on Monday'), is_translation: false }, BY)).rejects.toBeInstanceOf(VersionConflict);
  });
});

describe('a quoted document is immutable', () => {
  let documentId: number;
  beforeAll(async () => {
    const document = await createDocument(t.db, documentInput({ html: '<p>captured</p>', captured_at: new Date() }), BY);
    documentId = document.id;
    expect(await isDocumentAnchored(t.db, documentId)).toBe(false);
    const claim = await newClaim('we will rebuild every bridge');
    await createAnchor(t.db, claim.id, { document_id: documentId, ...offsetsOf('we will rebuild every bridge'), is_translation: false }, BY);
  });

  it('refuses in code to change its text, but lets its title and date be corrected', async () => {
    expect(await isDocumentAnchored(t.db, documentId)).toBe(true);
    await expect(updateDocument(t.db, documentId, 1, documentInput({ text: `${TEXT} More.` }), BY)).rejects.toBeInstanceOf(DocumentAnchored);
    const edited = await updateDocument(t.db, documentId, 1, documentInput({ title: 'Minister on bridges, corrected title', published_on: '2023-05-24', published_on_precision: 'day' }), BY);
    expect(edited).toMatchObject({ version: 2, text: TEXT, published_on: '2023-05-24' });
  });

  it('refuses in the database whatever code writes: its text, its HTML, with a message for the form', async () => {
    expect(await refusal(t.db('documents').where('id', documentId).update({ text: `${TEXT} More.` })))
      .toEqual({ constraint: 'documents_anchored_text_immutable', field: 'text' });
    expect(await refusal(t.db('documents').where('id', documentId).update({ html: '<p>recaptured</p>' })))
      .toMatchObject({ constraint: 'documents_anchored_text_immutable' });
    expect((await t.db('documents').where('id', documentId).first()).text).toBe(TEXT);
    // Writing the same words again changes nothing, so it is allowed.
    await t.db('documents').where('id', documentId).update({ text: TEXT, title: 'Same words' });
  });

  it('takes a correction as a new document that replaces it, carrying the anchors whose quote it still holds', async () => {
    const lost = await newClaim('on Monday');
    await createAnchor(t.db, lost.id, { document_id: documentId, ...offsetsOf('on Monday'), is_translation: false }, BY);
    const corrected = `Correction: an earlier version misdated the speech.\n\n${TEXT.replace('on Monday', 'on Tuesday')}`;
    const { document, movedClaimIds, keptClaimIds } = await replaceDocument(t.db, documentId, documentInput({ text: corrected }), BY);
    expect(document).toMatchObject({ replaces_document_id: documentId, text_sha256: sha256(corrected) });
    expect(keptClaimIds).toEqual([lost.id]);
    expect(movedClaimIds).toHaveLength(1);
    const moved = (await listAnchorsOfDocument(t.db, document.id, true))[0];
    expect(moved).toMatchObject({ exact: 'we will rebuild every bridge', version: 2 });
    expect(passageAt(corrected, moved.start_offset, moved.end_offset)).toMatchObject({ exact: moved.exact, prefix: moved.prefix, suffix: moved.suffix });
    expect(await findDocument(t.db, documentId)).toMatchObject({ replaced_by_id: document.id });
    // The old text stays as it was, even once no anchor is left in it: the moved one's history points into it.
    await t.db('claim_anchors').where('claim_id', lost.id).delete();
    expect(await isDocumentAnchored(t.db, documentId)).toBe(true);
    expect(await refusal(t.db('documents').where('id', documentId).update({ text: 'Rewritten.' }))).toMatchObject({ constraint: 'documents_anchored_text_immutable' });
    expect(await refusal(replaceDocument(t.db, documentId, documentInput({ text: corrected }), BY))).toEqual({ constraint: 'documents_replaces_unique', field: 'replaces_document_id' });
  });
});
