import { normaliseForQuoteMatch } from '../lib/intake';
import { sha256Hex } from '../lib/sha256';
import { extractText } from './extract-text';
import { type FetchPageOptions, type FetchPageResult, fetchPage } from './fetch-page';

// What `npm run recheck-documents` records for one document: is its URL still there, and does it
// still contain each quote a claim was anchored to. Pure over a fetch result, so it is tested
// without a database; the command stores what this returns.

export interface RecheckQuote {
  /** The anchor's id, handed back with its result. */
  id: number | string;
  /** The anchor's exact text (TextQuoteSelector.exact). */
  exact: string;
}

/**
 * reachable: the page was fetched and every quote is still in it.
 * changed: the page was fetched but at least one quote is no longer in it.
 * gone: the server says the page is not there (404, 410) or the host no longer exists.
 * unavailable: it could not be checked this time (timeout, 5xx, refused, not a page…): not evidence
 * that anything changed, so never recorded as gone.
 */
export type RecheckStatus = 'reachable' | 'changed' | 'gone' | 'unavailable';

export interface RecheckResult {
  status: RecheckStatus;
  checkedAt: Date;
  /** Where the page was found after redirects, when it was fetched. */
  finalUrl: string | null;
  httpStatus: number | null;
  /** Why it is gone or unavailable, for the document page. */
  message: string | null;
  /** SHA-256 of the text extracted now, and whether it equals the stored text's. */
  textSha256: string | null;
  textUnchanged: boolean | null;
  /** present is null when the page could not be read. */
  quotes: { id: RecheckQuote['id']; present: boolean | null }[];
}

/** Whether a quote is in a text, exactly, after normaliseForQuoteMatch on both. */
export function containsQuote(text: string, quote: string): boolean {
  const needle = normaliseForQuoteMatch(quote);
  return needle !== '' && normaliseForQuoteMatch(text).includes(needle);
}

/** Judges one fetch of a document's URL against the stored text's hash and its anchored quotes. */
export function recheckDocument(input: {
  fetched: FetchPageResult;
  storedTextSha256: string | null;
  quotes: RecheckQuote[];
  checkedAt?: Date;
}): RecheckResult {
  const checkedAt = input.checkedAt ?? (input.fetched.ok ? input.fetched.page.fetchedAt : new Date());
  if (!input.fetched.ok) {
    const { failure } = input.fetched;
    const gone = failure.unresolvable === true || (failure.kind === 'http-status' && (failure.status === 404 || failure.status === 410));
    return {
      status: gone ? 'gone' : 'unavailable',
      checkedAt,
      finalUrl: null,
      httpStatus: failure.status ?? null,
      message: failure.message,
      textSha256: null,
      textUnchanged: null,
      quotes: input.quotes.map((quote) => ({ id: quote.id, present: null })),
    };
  }
  const { page } = input.fetched;
  const text = extractText(page.html, page.contentType).text;
  const haystack = normaliseForQuoteMatch(text);
  const quotes = input.quotes.map((quote) => {
    const needle = normaliseForQuoteMatch(quote.exact);
    return { id: quote.id, present: needle !== '' && haystack.includes(needle) };
  });
  const textSha256 = sha256Hex(text);
  return {
    status: quotes.every((quote) => quote.present) ? 'reachable' : 'changed',
    checkedAt,
    finalUrl: page.finalUrl,
    httpStatus: page.status,
    message: null,
    textSha256,
    textUnchanged: input.storedTextSha256 === null ? null : textSha256 === input.storedTextSha256,
    quotes,
  };
}

/** Fetches a document's URL under the same safety rules as capture, and judges it. */
export async function recheckDocumentUrl(
  url: string,
  stored: { textSha256: string | null; quotes: RecheckQuote[] },
  options: FetchPageOptions = {},
): Promise<RecheckResult> {
  const fetched = await fetchPage(url, options);
  return recheckDocument({ fetched, storedTextSha256: stored.textSha256, quotes: stored.quotes });
}
