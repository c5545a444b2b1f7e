import type { Knex } from 'knex';
import type { ClaimStatus } from './claims';
import { findPassage, Passage, passageAt } from './passages';
import type { DatePrecision } from './claims';
import type { Document } from './documents';
import type { Db } from './knex';
import { Authorship, recordRevision, snapshotFields, updateVersioned } from './revisions';

/** Where a claim was taken from: a passage of one document (W3C TextQuote and TextPosition selectors). */
export interface ClaimAnchor extends Passage {
  id: number;
  claim_id: number;
  document_id: number;
  /** The claim's text is a translation; the passage is its original_text. */
  is_translation: boolean;
  version: number;
  created_by: number | null;
  updated_by: number | null;
  created_at: Date;
  updated_at: Date;
  deleted_at: Date | null;
}

/** An anchor with what "from: <document>, <publisher>, <date>" needs. */
export interface AnchorWithDocument extends ClaimAnchor {
  document_title: string;
  document_url: string | null;
  document_language: string;
  document_published_on: string | null;
  document_published_on_precision: DatePrecision | null;
  publisher_name: string | null;
  publisher_slug: string | null;
  /** The document's text around the passage (CONTEXT_WINDOW code points either side), to find its sentence in. */
  context_text: string;
  /** Where context_text starts in the document, in code points. */
  context_start: number;
}

/** How much of the document either side of a passage pages read to show the sentence it is in. */
export const CONTEXT_WINDOW = 600;

/** An anchor seen from its document: the claim it belongs to, for highlighting the passage. */
export interface AnchorWithClaim extends ClaimAnchor {
  claim_text: string;
  claim_is_verbatim: boolean;
  claim_status: ClaimStatus;
  source_name: string;
  dispute_slug: string;
}

/** Where the passage is, in code points; its words and context are read from the document. */
export interface AnchorInput {
  document_id: number;
  start_offset: number;
  end_offset: number;
  is_translation: boolean;
}

/** Raised when the offsets fall outside the document's text (or the document does not exist). */
export class PassageOutOfRange extends Error {}

function snapshotOf(row: ClaimAnchor): Record<string, unknown> {
  return snapshotFields(row, ['claim_id', 'document_id', 'exact', 'prefix', 'suffix', 'start_offset', 'end_offset', 'is_translation']);
}

/** Live anchors with their documents' title, publisher, date and the text around the passage. */
export function anchorsWithDocument(db: Db) {
  return db('claim_anchors as a')
    .join('documents as doc', 'doc.id', 'a.document_id')
    .leftJoin('sources as pub', 'pub.id', 'doc.publisher_id')
    .whereNull('a.deleted_at')
    .select(
      'a.*', 'doc.title as document_title', 'doc.url as document_url', 'doc.language as document_language',
      'doc.published_on as document_published_on', 'doc.published_on_precision as document_published_on_precision',
      'pub.name as publisher_name', 'pub.slug as publisher_slug',
      db.raw('greatest(0, a.start_offset - ?) as context_start', [CONTEXT_WINDOW]),
      db.raw('substring(doc.text from greatest(0, a.start_offset - ?) + 1 for a.end_offset + ? - greatest(0, a.start_offset - ?)) as context_text', [CONTEXT_WINDOW, CONTEXT_WINDOW, CONTEXT_WINDOW]),
    );
}

export async function findAnchor(db: Db, id: number): Promise<ClaimAnchor | undefined> {
  return db('claim_anchors').where({ id }).whereNull('deleted_at').first();
}

export async function findAnchorOfClaim(db: Db, claimId: number): Promise<AnchorWithDocument | undefined> {
  return anchorsWithDocument(db).where('a.claim_id', claimId).first();
}

/** The anchors of many claims at once (a dispute page), by claim id. */
export async function listAnchorsOfClaims(db: Db, claimIds: number[]): Promise<Map<number, AnchorWithDocument>> {
  if (claimIds.length === 0) return new Map();
  const rows: AnchorWithDocument[] = await anchorsWithDocument(db).whereIn('a.claim_id', claimIds);
  return new Map(rows.map((row) => [row.claim_id, row]));
}

/** The passages of a document that live claims were taken from, in text order. */
export async function listAnchorsOfDocument(db: Db, documentId: number, includeDrafts: boolean): Promise<AnchorWithClaim[]> {
  const query = db('claim_anchors as a')
    .join('claims as c', 'c.id', 'a.claim_id')
    .join('sources as s', 's.id', 'c.source_id')
    .join('disputes as d', 'd.id', 'c.dispute_id')
    .where('a.document_id', documentId)
    .whereNull('a.deleted_at')
    .whereNull('c.deleted_at')
    .whereNull('d.deleted_at')
    .select('a.*', 'c.text as claim_text', 'c.is_verbatim as claim_is_verbatim', 'c.status as claim_status', 's.name as source_name', 'd.slug as dispute_slug')
    .orderBy([{ column: 'a.start_offset' }, { column: 'a.end_offset' }, { column: 'a.claim_id' }]);
  return includeDrafts ? query : query.where('d.state', 'published');
}

// The selectors from the document's own text, so they can never disagree with it.
async function selectorsFor(trx: Knex.Transaction, input: AnchorInput): Promise<Passage> {
  const document: Pick<Document, 'text'> | undefined = await trx('documents').where('id', input.document_id).first('text');
  const passage = document && passageAt(document.text, input.start_offset, input.end_offset);
  if (!passage) throw new PassageOutOfRange(`no passage ${input.start_offset}–${input.end_offset} in document ${input.document_id}`);
  return passage;
}

/** Anchors a claim to a passage; a claim has at most one anchor (claim_anchors_claim_unique). */
export async function createAnchor(db: Db, claimId: number, input: AnchorInput, by: Authorship): Promise<ClaimAnchor> {
  return db.transaction(async (trx) => {
    const passage = await selectorsFor(trx, input);
    const [row] = await trx('claim_anchors')
      .insert({ claim_id: claimId, document_id: input.document_id, is_translation: input.is_translation, ...passage, created_by: by.editorId, updated_by: by.editorId })
      .returning('*');
    await afterAnchorSaved(trx, row, by);
    return row as ClaimAnchor;
  });
}

/** Moves a claim's anchor to another passage (or document), if nobody saved it since `version`. */
export async function updateAnchor(db: Db, id: number, version: number, input: AnchorInput, by: Authorship): Promise<ClaimAnchor> {
  return db.transaction(async (trx) => {
    const passage = await selectorsFor(trx, input);
    const row = await updateVersioned<ClaimAnchor>(trx, 'claim_anchors', id, version, { ...passage, document_id: input.document_id, is_translation: input.is_translation }, by.editorId);
    await afterAnchorSaved(trx, row, by);
    return row;
  });
}

/**
 * Moves the anchors of one document to its replacement wherever the replacement still holds
 * the quote (found by its words and context, the old offset only breaking ties). Part of
 * replaceDocument's transaction.
 */
export async function moveAnchors(trx: Knex.Transaction, fromDocumentId: number, to: Pick<Document, 'id' | 'text'>, by: Authorship): Promise<{ moved: number[]; kept: number[] }> {
  const anchors: ClaimAnchor[] = await trx('claim_anchors').where('document_id', fromDocumentId).orderBy('id').forUpdate();
  const moved: number[] = [];
  const kept: number[] = [];
  for (const anchor of anchors) {
    const passage = findPassage(to.text, anchor.exact, anchor);
    if (!passage) {
      kept.push(anchor.claim_id);
      continue;
    }
    const row = await updateVersioned<ClaimAnchor>(trx, 'claim_anchors', anchor.id, anchor.version, { ...passage, document_id: to.id }, by.editorId);
    await afterAnchorSaved(trx, row, by);
    moved.push(anchor.claim_id);
  }
  return { moved, kept };
}

async function afterAnchorSaved(trx: Knex.Transaction, row: ClaimAnchor, by: Authorship): Promise<void> {
  await recordRevision(trx, 'anchor', row, snapshotOf(row), by);
  // The passage shows under the claim on its dispute's page.
  await trx('disputes').whereIn('id', trx('claims').where('id', row.claim_id).select('dispute_id')).update({ updated_at: trx.fn.now() });
}
