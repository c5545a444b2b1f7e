import { DocumentCheck, listDocumentsToCheck, recordDocumentCheck } from '../../db/document-checks';
import type { Db } from '../../db/knex';
import type { FetchPageOptions } from './fetch-page';
import { recheckDocumentUrl } from './recheck';

/**
 * Checks every document that has a URL, one after another (a publisher is not hammered), and
 * records each result with its date. Fetches obey the same rules as capture: `options.allow`
 * is FETCH_ALLOW_HOSTS. `onChecked` reports progress to the command.
 */
export async function recheckDocuments(
  db: Db,
  options: FetchPageOptions,
  onChecked: (check: DocumentCheck) => void = () => undefined,
): Promise<DocumentCheck[]> {
  const checks: DocumentCheck[] = [];
  for (const document of await listDocumentsToCheck(db)) {
    const result = await recheckDocumentUrl(document.url, {
      textSha256: document.text_sha256, quotes: document.anchors.map((anchor) => ({ id: anchor.id, exact: anchor.exact })),
    }, options);
    const claimOf = new Map(document.anchors.map((anchor) => [anchor.id, anchor.claim_id]));
    const check = await recordDocumentCheck(db, {
      document_id: document.id, checked_at: result.checkedAt, status: result.status, url: document.url,
      final_url: result.finalUrl, http_status: result.httpStatus, message: result.message,
      text_sha256: result.textSha256, text_unchanged: result.textUnchanged,
      quotes: result.quotes.map((quote) => ({ anchor_id: Number(quote.id), claim_id: claimOf.get(Number(quote.id))!, present: quote.present })),
    });
    checks.push(check);
    onChecked(check);
  }
  return checks;
}
