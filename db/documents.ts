import type { Knex } from 'knex';
import type { DatePrecision } from './claims';
import type { Db } from './knex';
import { moveAnchors } from './anchors';
import { Refusal } from './errors';
import { Authorship, patchFromSnapshot, recordRevision, snapshotFields, updateVersioned } from './revisions';

/** What an editor can change; the text only while no claim is anchored to it. */
export interface DocumentEdit {
  title: string;
  publisher_id: number | null;
  authors: string;
  url: string | null;
  published_on: string | null;
  published_on_precision: DatePrecision | null;
  /** BCP 47 language tag of the text. */
  language: string;
  text: string;
  /** When false, readers see only the anchored passages with a little context. */
  full_text_public: boolean;
}

/** What claims are taken from: its words (`text`), and for a captured web page its HTML. */
export interface Document extends DocumentEdit {
  id: number;
  /** Hex SHA-256 of the text's UTF-8 bytes, computed by the database. */
  text_sha256: string;
  html: string | null;
  html_sha256: string | null;
  captured_at: Date | null;
  replaces_document_id: number | null;
  version: number;
  created_by: number | null;
  updated_by: number | null;
  created_at: Date;
  updated_at: Date;
  deleted_at: Date | null;
}

/** A document as pages show it: its publisher named, and the corrected document that replaced it, if any. */
export interface DocumentInContext extends Document {
  publisher_name: string | null;
  publisher_slug: string | null;
  replaced_by_id: number | null;
}

/** A document in a listing: everything but its text and HTML. */
export type DocumentSummary = Omit<DocumentInContext, 'text' | 'html'>;

/** A new document: pasted (text only) or captured from the web (with its HTML and when it was fetched). */
export interface DocumentInput extends DocumentEdit {
  html?: string | null;
  captured_at?: Date | null;
}

/** Raised when a save would change the words of a document that claims are anchored to (or that is replaced). */
// A Refusal, so the edit form shows the words of db/errors.ts beside the text instead of failing.
export class DocumentAnchored extends Refusal {
  constructor(readonly id: number) {
    super('documents_anchored_text_immutable', `document ${id}`);
  }
}

const EDITABLE_FIELDS = ['title', 'publisher_id', 'authors', 'url', 'published_on', 'published_on_precision', 'language', 'text', 'full_text_public'] as const;

// The HTML is kept by its hash only: a capture is never edited, and pages can weigh megabytes.
function snapshotOf(row: Document): Record<string, unknown> {
  return snapshotFields(row, [...EDITABLE_FIELDS, 'text_sha256', 'html_sha256', 'captured_at', 'replaces_document_id']);
}

const SUMMARY_COLUMNS = [
  'id', 'title', 'publisher_id', 'authors', 'url', 'published_on', 'published_on_precision', 'language', 'text_sha256',
  'html_sha256', 'captured_at', 'replaces_document_id', 'full_text_public', 'version', 'created_by', 'updated_by',
  'created_at', 'updated_at', 'deleted_at',
].map((column) => `doc.${column}`);

function inContext(db: Db) {
  return db('documents as doc')
    .leftJoin('sources as pub', 'pub.id', 'doc.publisher_id')
    .leftJoin('documents as next', 'next.replaces_document_id', 'doc.id')
    .whereNull('doc.deleted_at')
    .select('pub.name as publisher_name', 'pub.slug as publisher_slug', 'next.id as replaced_by_id');
}

// Readers see a document once a claim they can see (live, in a published dispute) is taken
// from it or from its correction: until then it is an editor's working material, and which
// articles a draft relies on is the draft's business.
function visibleToReaders(db: Db) {
  return (query: Knex.QueryBuilder) => query.whereExists(
    db('claim_anchors as va')
      .join('claims as vc', 'vc.id', 'va.claim_id')
      .join('disputes as vd', 'vd.id', 'vc.dispute_id')
      .whereNull('va.deleted_at').whereNull('vc.deleted_at').whereNull('vd.deleted_at')
      .where('vd.state', 'published')
      .where((where) => where.whereRaw('va.document_id = doc.id').orWhereRaw('va.document_id = next.id'))
      .select(db.raw('1')),
  );
}

/** A live document; for readers (`includeUnpublished` false) only one that published claims are taken from. */
export async function findDocument(db: Db, id: number, includeUnpublished = true): Promise<DocumentInContext | undefined> {
  const query = inContext(db).where('doc.id', id);
  return (includeUnpublished ? query : query.modify(visibleToReaders(db))).first('doc.*');
}

/** One page of documents, newest first, with a look-ahead row to know whether another page exists. */
export async function listDocuments(db: Db, page: number, perPage: number, includeUnpublished = true): Promise<DocumentSummary[]> {
  return inContext(db)
    .modify((query) => (includeUnpublished ? query : visibleToReaders(db)(query)))
    .select(...SUMMARY_COLUMNS)
    .orderBy([{ column: 'doc.created_at', order: 'desc' }, { column: 'doc.id', order: 'desc' }])
    .limit(perPage + 1)
    .offset((page - 1) * perPage);
}

/** Live documents with ids above `afterId`, in id order, without their HTML: keyset pages for the API. */
export async function listDocumentsAfter(db: Db, afterId: number, limit: number): Promise<Omit<DocumentInContext, 'html'>[]> {
  return inContext(db).select(...SUMMARY_COLUMNS, 'doc.text').where('doc.id', '>', afterId).orderBy('doc.id').limit(limit);
}

/** The document a claim was taken from, if it is anchored. */
export async function findDocumentOfClaim(db: Db, claimId: number): Promise<DocumentSummary | undefined> {
  return inContext(db).select(...SUMMARY_COLUMNS).join('claim_anchors as a', 'a.document_id', 'doc.id').where('a.claim_id', claimId).first();
}

/**
 * True once any claim (even a deleted one, which a revert may bring back) is anchored into the
 * document, or once it is replaced (its anchors moved on, but their history points into it):
 * its text can no longer change.
 */
export async function isDocumentAnchored(db: Db, id: number): Promise<boolean> {
  const anchored = await db('claim_anchors').where('document_id', id).first('id');
  return Boolean(anchored ?? (await db('documents').where('replaces_document_id', id).first('id')));
}

export async function createDocument(db: Db, input: DocumentInput, by: Authorship): Promise<Document> {
  return db.transaction((trx) => insertDocument(trx, input, null, by));
}

/**
 * A corrected or re-captured text: a new document that names the one it replaces. Anchors
 * whose quote the new text still holds (found by its words and context) move to it; the
 * others stay on the old document. Returns the new document and the claims whose anchor moved.
 */
export async function replaceDocument(
  db: Db,
  replacedId: number,
  input: DocumentInput,
  by: Authorship,
): Promise<{ document: Document; movedClaimIds: number[]; keptClaimIds: number[] }> {
  return db.transaction(async (trx) => {
    const document = await insertDocument(trx, input, replacedId, by);
    const { moved, kept } = await moveAnchors(trx, replacedId, document, by);
    return { document, movedClaimIds: moved, keptClaimIds: kept };
  });
}

async function insertDocument(trx: Knex.Transaction, input: DocumentInput, replacedId: number | null, by: Authorship): Promise<Document> {
  const [row] = await trx('documents')
    .insert({ ...input, replaces_document_id: replacedId, created_by: by.editorId, updated_by: by.editorId })
    .returning('*');
  await recordRevision(trx, 'document', row, snapshotOf(row), by);
  return row as Document;
}

/** Saves an edit; refused with DocumentAnchored when it would change the words claims point into. */
export function updateDocument(db: Db, id: number, version: number, input: DocumentEdit, by: Authorship): Promise<Document> {
  return saveDocument(db, id, version, { ...input }, by);
}

export function revertDocument(db: Db, id: number, version: number, snapshot: Record<string, unknown>, by: Authorship): Promise<Document> {
  return saveDocument(db, id, version, patchFromSnapshot(snapshot, EDITABLE_FIELDS), by);
}

async function saveDocument(db: Db, id: number, version: number, patch: Record<string, unknown>, by: Authorship): Promise<Document> {
  return db.transaction(async (trx) => {
    // The row lock makes the check hold until commit: an anchor made meanwhile waits for it (see the anchors trigger).
    const current: Pick<Document, 'text'> | undefined = await trx('documents').where({ id }).forUpdate().first('text');
    if (current && 'text' in patch && patch.text !== current.text && (await isDocumentAnchored(trx, id))) throw new DocumentAnchored(id);
    const row = await updateVersioned<Document>(trx, 'documents', id, version, patch, by.editorId);
    await recordRevision(trx, 'document', row, snapshotOf(row), by);
    // Title, publisher and date show under every claim taken from it, on its dispute's page.
    await trx('disputes')
      .whereIn('id', trx('claims').whereIn('id', trx('claim_anchors').where('document_id', id).select('claim_id')).select('dispute_id'))
      .update({ updated_at: trx.fn.now() });
    return row;
  });
}
