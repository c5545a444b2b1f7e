import type { DocumentCheck, DocumentCheckStatus } from '../../db/document-checks';
import type { AnchorWithClaim } from '../../db/anchors';
import type { DocumentSummary } from '../../db/documents';
import { excerpt, formatDay, formatMoment } from '../presentation/format';
import { languageName } from '../presentation/languages';
import { statusLabel } from '../presentation/statuses';

/** A claim taken from the document, as its passage's note and the list under the text show it. */
export interface PassageClaim {
  claim_id: number;
  status: string;
  status_label: string;
  source_name: string;
  words: string;
}

/** A run of the text: plain, or inside one or more anchored passages (a <mark>). */
export interface TextPart {
  text: string;
  marked: boolean;
  /** Passages that begin here: the mark carries the first as its id, the others get empty anchors. */
  starts: number[];
  /** Claims whose passage ends here: their links follow the mark. */
  notes: PassageClaim[];
}

/** Paragraphs of parts; the whole text is one block, an excerpt-only page one block per passage. */
export interface TextBlock {
  paragraphs: TextPart[][];
  /** Text was left out before and after this block (the full text is not public). */
  excerpt: boolean;
}

// Words of context either side of a passage when only the passages are shown.
const CONTEXT_WORDS = 8;

type Range = [number, number];

/** The blank-line separators between paragraphs, in code points. */
function paragraphBreaks(chars: string[]): Range[] {
  const breaks: Range[] = [];
  for (let i = 0; i < chars.length; i++) {
    if (chars[i] !== '\n') continue;
    let j = i + 1;
    while (j < chars.length && (chars[j] === ' ' || chars[j] === '\t')) j++;
    if (chars[j] !== '\n') continue;
    while (j < chars.length && /\s/.test(chars[j])) j++;
    breaks.push([i, j]);
    i = j - 1;
  }
  return breaks;
}

// A passage widened by a few words each way, never past its paragraph.
function withContext(chars: string[], start: number, end: number): Range {
  const isSpace = (i: number) => /\s/.test(chars[i]);
  const paragraphEdge = (i: number) => chars[i] === '\n' && (chars[i - 1] === '\n' || chars[i + 1] === '\n');
  let from = start;
  for (let words = 0; from > 0 && !paragraphEdge(from - 1); from--) {
    if (isSpace(from - 1) && !isSpace(from) && ++words > CONTEXT_WORDS) break;
  }
  let to = end;
  for (let words = 0; to < chars.length && !paragraphEdge(to); to++) {
    if (isSpace(to) && !isSpace(to - 1) && ++words > CONTEXT_WORDS) break;
  }
  return [from, to];
}

function mergeRanges(ranges: Range[]): Range[] {
  const merged: Range[] = [];
  for (const [from, to] of [...ranges].sort((a, b) => a[0] - b[0])) {
    const last = merged.at(-1);
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else merged.push([from, to]);
  }
  return merged;
}

function passageClaim(anchor: AnchorWithClaim): PassageClaim {
  return {
    claim_id: anchor.claim_id, status: anchor.claim_status, status_label: statusLabel(anchor.claim_status),
    source_name: anchor.source_name, words: excerpt(anchor.claim_text, 200),
  };
}

/** The text of `range` as paragraphs of parts, each run marked where an anchored passage covers it. */
function textParts(chars: string[], range: Range, breaks: Range[], anchors: AnchorWithClaim[]): TextPart[][] {
  const cuts = new Set([range[0], range[1]]);
  for (const a of anchors) cuts.add(a.start_offset).add(a.end_offset);
  for (const [from, to] of breaks) cuts.add(from).add(to);
  const points = [...cuts].filter((p) => p >= range[0] && p <= range[1]).sort((a, b) => a - b);
  const paragraphs: TextPart[][] = [[]];
  for (let i = 0; i + 1 < points.length; i++) {
    const [from, to] = [points[i], points[i + 1]];
    if (breaks.some(([b, e]) => from >= b && to <= e)) {
      if (paragraphs.at(-1)!.length > 0) paragraphs.push([]);
      continue;
    }
    const covering = anchors.filter((a) => a.start_offset < to && a.end_offset > from);
    paragraphs.at(-1)!.push({
      text: chars.slice(from, to).join(''),
      marked: covering.length > 0,
      starts: covering.filter((a) => a.start_offset >= from).map((a) => a.claim_id),
      notes: covering.filter((a) => a.end_offset <= to).map(passageClaim),
    });
  }
  return paragraphs.filter((p) => p.length > 0);
}

/**
 * The document's text as its page shows it: whole, or (full text not public, for readers) only
 * the passages claims were taken from, each with a few words either side. `anchors` are those
 * the viewer may see, in text order; offsets count code points.
 */
export function presentText(text: string, anchors: AnchorWithClaim[], wholeText: boolean): TextBlock[] {
  const chars = Array.from(text);
  const breaks = paragraphBreaks(chars);
  if (wholeText) return [{ paragraphs: textParts(chars, [0, chars.length], breaks, anchors), excerpt: false }];
  return mergeRanges(anchors.map((a) => withContext(chars, a.start_offset, a.end_offset)))
    .map((range) => ({ paragraphs: textParts(chars, range, breaks, anchors), excerpt: true }));
}

/** What the page says about the document: its facts in words, at the precision they were given. */
export function presentDocument<T extends DocumentSummary>(document: T) {
  return {
    ...document,
    date: formatDay(document.published_on, document.published_on_precision ?? 'day'),
    language_name: languageName(document.language),
    captured: formatMoment(document.captured_at),
  };
}

/** The claims taken from the document, in text order, for the list beside the text. */
export function presentClaims(anchors: AnchorWithClaim[]) {
  return anchors.map((anchor) => ({ ...passageClaim(anchor), dispute_slug: anchor.dispute_slug, exact: anchor.exact, is_translation: anchor.is_translation }));
}

const CHECK_STATUS_WORDS: Record<DocumentCheckStatus, string> = {
  reachable: 'Reachable, every quote still there',
  changed: 'Changed: a quote is no longer there',
  gone: 'Gone',
  unavailable: 'Could not be read this time',
};

/**
 * The dated rechecks of the document's web address (npm run recheck-documents), newest first,
 * each quote named by its claim; only the claims this page shows, so drafts stay unseen.
 */
export function presentChecks(checks: DocumentCheck[], anchors: AnchorWithClaim[]) {
  const shown = new Map(anchors.map((anchor) => [anchor.claim_id, excerpt(anchor.exact, 80)]));
  return checks.map((check) => ({
    checked_at: check.checked_at,
    when: formatMoment(check.checked_at),
    status: check.status,
    status_words: CHECK_STATUS_WORDS[check.status],
    http_status: check.http_status,
    message: check.message,
    quotes: check.quotes.filter((quote) => shown.has(quote.claim_id)).map((quote) => ({
      claim_id: quote.claim_id,
      words: shown.get(quote.claim_id),
      found: quote.present === null ? 'could not be read' : quote.present ? 'still there' : 'no longer there',
    })),
  }));
}
