// A passage of a document as the W3C Web Annotation model selects it: the exact words with a
// little context (TextQuoteSelector) and their offsets in Unicode code points, not UTF-16
// units (TextPositionSelector), which is also how PostgreSQL counts characters.

/** How much text before and after the exact words an anchor keeps to find them again. */
export const CONTEXT_LENGTH = 32;

export interface Passage {
  exact: string;
  prefix: string;
  suffix: string;
  start_offset: number;
  end_offset: number;
}

/** The code-point offset of a UTF-16 index (what String.indexOf returns). */
export function codePointOffset(text: string, utf16Index: number): number {
  let count = 0;
  for (let i = 0; i < utf16Index; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0xdc00 || unit > 0xdfff || i === 0 || text.charCodeAt(i - 1) < 0xd800 || text.charCodeAt(i - 1) > 0xdbff) count++;
  }
  return count;
}

/** The passage between two code-point offsets, with its context; undefined when they fall outside the text. */
export function passageAt(text: string, start: number, end: number): Passage | undefined {
  const chars = Array.from(text);
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end <= start || end > chars.length) return undefined;
  return {
    exact: chars.slice(start, end).join(''),
    prefix: chars.slice(Math.max(0, start - CONTEXT_LENGTH), start).join(''),
    suffix: chars.slice(end, end + CONTEXT_LENGTH).join(''),
    start_offset: start,
    end_offset: end,
  };
}

/**
 * Finds the exact words in a text. The quote with its context is the truth and the offset a
 * hint: among several occurrences, the one whose surroundings match the prefix and suffix
 * best wins, then the one nearest the old offset. Undefined when the words are absent, or
 * repeated with nothing to tell the occurrences apart.
 */
export function findPassage(text: string, exact: string, hint: Partial<Omit<Passage, 'exact'>> = {}): Passage | undefined {
  if (!exact) return undefined;
  const candidates: { start: number; score: number; distance: number }[] = [];
  for (let at = text.indexOf(exact); at !== -1; at = text.indexOf(exact, at + 1)) {
    const score = (hint.prefix && text.slice(0, at).endsWith(hint.prefix) ? 1 : 0) + (hint.suffix && text.slice(at + exact.length).startsWith(hint.suffix) ? 1 : 0);
    const start = codePointOffset(text, at);
    candidates.push({ start, score, distance: hint.start_offset === undefined ? 0 : Math.abs(start - hint.start_offset) });
  }
  candidates.sort((a, b) => b.score - a.score || a.distance - b.distance);
  const [best, next] = candidates;
  if (!best || (next && next.score === best.score && next.distance === best.distance)) return undefined;
  return passageAt(text, best.start, best.start + Array.from(exact).length);
}
