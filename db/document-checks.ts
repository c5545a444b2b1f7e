import type { Db } from './knex';

export type DocumentCheckStatus = 'reachable' | 'changed' | 'gone' | 'unavailable';

/** Whether one anchored quote was still at the URL; null when the page could not be read. */
export interface QuoteCheck {
  anchor_id: number;
  claim_id: number;
  present: boolean | null;
}

/** One dated check of a document's URL (npm run recheck-documents). */
export interface DocumentCheck {
  id: number;
  document_id: number;
  checked_at: Date;
  status: DocumentCheckStatus;
  url: string;
  final_url: string | null;
  http_status: number | null;
  message: string | null;
  text_sha256: string | null;
  text_unchanged: boolean | null;
  quotes: QuoteCheck[];
}

export type DocumentCheckInput = Omit<DocumentCheck, 'id'>;

/** A live document with a URL, and the live anchors whose quotes a check looks for. */
export interface DocumentToCheck {
  id: number;
  url: string;
  text_sha256: string;
  anchors: { id: number; claim_id: number; exact: string }[];
}

/** Every live document with a URL, in id order, with the anchors of its live claims (drafts too: editors see them). */
export async function listDocumentsToCheck(db: Db): Promise<DocumentToCheck[]> {
  const documents: Omit<DocumentToCheck, 'anchors'>[] = await db('documents')
    .whereNull('deleted_at').whereNotNull('url').orderBy('id').select('id', 'url', 'text_sha256');
  if (documents.length === 0) return [];
  const anchors: { id: number; claim_id: number; document_id: number; exact: string }[] = await db('claim_anchors as a')
    .join('claims as c', 'c.id', 'a.claim_id')
    .whereIn('a.document_id', documents.map((d) => d.id))
    .whereNull('a.deleted_at')
    .whereNull('c.deleted_at')
    .orderBy(['a.document_id', 'a.start_offset', 'a.id'])
    .select('a.id', 'a.claim_id', 'a.document_id', 'a.exact');
  return documents.map((document) => ({
    ...document,
    anchors: anchors.filter((a) => a.document_id === document.id).map(({ id, claim_id, exact }) => ({ id, claim_id, exact })),
  }));
}

export async function recordDocumentCheck(db: Db, input: DocumentCheckInput): Promise<DocumentCheck> {
  const [row] = await db('document_checks').insert({ ...input, quotes: JSON.stringify(input.quotes) }).returning('*');
  return row as DocumentCheck;
}

/** A document's checks, newest first: what its page shows. */
export async function listDocumentChecks(db: Db, documentId: number): Promise<DocumentCheck[]> {
  return db('document_checks').where('document_id', documentId).orderBy([{ column: 'checked_at', order: 'desc' }, { column: 'id', order: 'desc' }]);
}
