import { Span } from './sentences';
import { matchVerbatim } from './verbatim';

/** W3C Web Annotation TextQuoteSelector: the passage and a little of the text either side. */
export interface TextQuoteSelector {
  exact: string;
  prefix: string;
  suffix: string;
}

/** W3C Web Annotation TextPositionSelector: character offsets (start inclusive, end exclusive). */
export interface TextPositionSelector {
  start: number;
  end: number;
}

export interface AnchorSelectors {
  TextQuoteSelector: TextQuoteSelector;
  TextPositionSelector: TextPositionSelector;
}

export interface ResolvedAnchor extends Span {
  /** How it was found: the offsets held, the quote and its context, or the quote after normalising marks. */
  by: 'position' | 'quote' | 'normalised-quote';
}

export const CONTEXT_CHARS = 32;

/** Both selectors for text[start, end). */
export function selectorsFor(text: string, start: number, end: number, context = CONTEXT_CHARS): AnchorSelectors {
  if (!(start >= 0 && end >= start && end <= text.length)) throw new RangeError(`No passage at ${start}..${end}`);
  return {
    TextQuoteSelector: {
      exact: text.slice(start, end),
      prefix: text.slice(Math.max(0, start - context), start),
      suffix: text.slice(end, end + context),
    },
    TextPositionSelector: { start, end },
  };
}

/** The selectors as a Web Annotation `target.selector` array (JSON-LD). */
export function webAnnotationSelectors(selectors: AnchorSelectors): object[] {
  return [
    { type: 'TextQuoteSelector', ...selectors.TextQuoteSelector },
    { type: 'TextPositionSelector', ...selectors.TextPositionSelector },
  ];
}

/**
 * Where an anchor's passage is in (possibly re-captured) text. The offsets are a fast path; the
 * quote with its context is the truth: among the quote's occurrences the one whose surroundings
 * best agree with the prefix and suffix wins, ties going to the one nearest the old offset.
 */
export function resolveAnchor(text: string, selectors: AnchorSelectors): ResolvedAnchor | null {
  const { exact, prefix, suffix } = selectors.TextQuoteSelector;
  const { start, end } = selectors.TextPositionSelector;
  if (text.slice(start, end) === exact && (exact.length > 0 || start <= text.length)) return { start, end, by: 'position' };
  if (!exact) return null;
  let best: { at: number; score: number } | null = null;
  for (let at = text.indexOf(exact); at >= 0; at = text.indexOf(exact, at + 1)) {
    const score = commonSuffix(text.slice(Math.max(0, at - prefix.length), at), prefix)
      + commonPrefix(text.slice(at + exact.length, at + exact.length + suffix.length), suffix);
    if (!best || score > best.score || (score === best.score && Math.abs(at - start) < Math.abs(best.at - start))) best = { at, score };
  }
  if (best) return { start: best.at, end: best.at + exact.length, by: 'quote' };
  const loose = matchVerbatim(text, exact, start);
  return loose.found ? { start: loose.start, end: loose.end, by: 'normalised-quote' } : null;
}

function commonPrefix(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

function commonSuffix(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++;
  return n;
}
