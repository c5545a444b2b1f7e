import { Span, splitSentences } from './sentences';

// Every quote mark, apostrophe and dash, and its plain form.
const PLAIN = new Map<string, string>([
  ...[...'“”„‟«»"″〝〞＂'].map((ch) => [ch, '"'] as [string, string]),
  ...[...'‘’‚‛\'′‹›`´ʼ'].map((ch) => [ch, '\''] as [string, string]),
  ...[...'\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2E3A\u2E3B\uFE58\uFE63\uFF0D-'].map((ch) => [ch, '-'] as [string, string]),
]);

/** The same character with quote marks, apostrophes and dashes made plain; anything else as is. */
const plainChar = (ch: string) => PLAIN.get(ch) ?? ch;

/** A normalised text and, for each of its characters, where it starts and ends in the original. */
interface Mapped {
  text: string;
  starts: Int32Array;
  ends: Int32Array;
}

const SPACE = /\s/;

function mapNormalised(s: string): Mapped {
  const chars: string[] = [];
  const starts = new Int32Array(s.length);
  const ends = new Int32Array(s.length);
  let n = 0;
  let i = 0;
  while (i < s.length) {
    if (SPACE.test(s[i])) {
      const from = i;
      while (i < s.length && SPACE.test(s[i])) i++;
      if (n > 0 && i < s.length) {
        chars.push(' ');
        starts[n] = from;
        ends[n++] = i;
      }
      continue;
    }
    const width = s.codePointAt(i)! > 0xffff ? 2 : 1;
    chars.push(width === 1 ? plainChar(s[i]) : s.slice(i, i + 2));
    for (let k = 0; k < width; k++) {
      starts[n] = i;
      ends[n++] = i + width;
    }
    i += width;
  }
  return { text: chars.join(''), starts, ends };
}

/**
 * Quote marks to " and ', apostrophes to ', dashes to -, every run of spaces to one space, the
 * ends trimmed; case, letters, digits and other punctuation stay, so only a true quote matches.
 */
export function normaliseForQuoteMatch(s: string): string {
  return s.replace(/\s+/g, ' ').trim().replace(/[^\s\p{L}\p{N}]/gu, plainChar);
}

export interface ClosestPassage extends Span {
  exact: string;
  /** Share of the quote's words found in the passage, 0..1. */
  similarity: number;
}

export type VerbatimMatch =
  | { found: true; start: number; end: number; exact: string }
  | { found: false; closest: ClosestPassage | null };

/**
 * Where the quote's words stand in the document, after normalising quote marks, apostrophes,
 * dashes and spaces on both sides; offsets are the document's own. With `near`, the occurrence
 * closest to it wins (a quote repeated in the article). Not found: the closest passage instead.
 */
export function matchVerbatim(documentText: string, quote: string, near?: number): VerbatimMatch {
  const needle = normaliseForQuoteMatch(quote);
  if (!needle) return { found: false, closest: null };
  const doc = mapNormalised(documentText);
  let best: Span | null = null;
  for (let at = doc.text.indexOf(needle); at >= 0; at = doc.text.indexOf(needle, at + 1)) {
    const span = { start: doc.starts[at], end: doc.ends[at + needle.length - 1] };
    if (cutsAWord(documentText, span)) continue;
    if (!best || (near !== undefined && Math.abs(span.start - near) < Math.abs(best.start - near))) best = span;
    if (near === undefined) break;
  }
  if (best) return { found: true, ...best, exact: documentText.slice(best.start, best.end) };
  return { found: false, closest: closestPassage(documentText, needle) };
}

const isWordChar = (ch: string | undefined) => ch !== undefined && /[\p{L}\p{N}]/u.test(ch);

/** A match starting or ending inside a word ("ose a sing") is not the source's words. */
const cutsAWord = (text: string, span: Span) =>
  (isWordChar(text[span.start]) && isWordChar(text[span.start - 1])) || (isWordChar(text[span.end - 1]) && isWordChar(text[span.end]));

/** Dice coefficient of two texts' letter pairs, case-insensitive: 1 for the same letters in order. */
function letterPairs(a: string, b: string): number {
  const pairs = (s: string) => {
    const letters = s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ');
    const counts = new Map<string, number>();
    for (let i = 0; i + 1 < letters.length; i++) counts.set(letters.slice(i, i + 2), (counts.get(letters.slice(i, i + 2)) ?? 0) + 1);
    return counts;
  };
  const pa = pairs(a);
  const pb = pairs(b);
  let shared = 0;
  let total = 0;
  for (const [k, n] of pa) {
    shared += Math.min(n, pb.get(k) ?? 0);
    total += n;
  }
  for (const n of pb.values()) total += n;
  return total ? (2 * shared) / total : 0;
}

const words = (s: string) => s.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];

/**
 * The run of words, within one sentence, that shares most words with the quote: a window as long
 * as the quote slides over each sentence, scored by the share of the quote's words it holds.
 */
export function closestPassage(documentText: string, quote: string): ClosestPassage | null {
  const wanted = words(quote);
  if (!wanted.length) return null;
  const need = new Map<string, number>();
  for (const w of wanted) need.set(w, (need.get(w) ?? 0) + 1);
  let best: ClosestPassage | null = null;
  for (const sentence of splitSentences(documentText)) {
    const found = [...documentText.slice(sentence.start, sentence.end).matchAll(/[\p{L}\p{N}]+/gu)]
      .map((m) => ({ word: m[0].toLowerCase(), start: sentence.start + m.index!, end: sentence.start + m.index! + m[0].length }));
    const size = Math.min(wanted.length, found.length);
    if (!size) continue;
    const have = new Map<string, number>();
    let shared = 0;
    const add = (w: string, d: number) => {
      const before = Math.min(have.get(w) ?? 0, need.get(w) ?? 0);
      have.set(w, (have.get(w) ?? 0) + d);
      shared += Math.min(have.get(w)!, need.get(w) ?? 0) - before;
    };
    for (let i = 0; i < found.length; i++) {
      add(found[i].word, 1);
      if (i >= size) add(found[i - size].word, -1);
      if (i < size - 1) continue;
      const similarity = shared / wanted.length;
      if (best && similarity < best.similarity) continue;
      const start = found[i - size + 1].start;
      const exact = documentText.slice(start, found[i].end);
      // Equal word counts: the window whose letters are closer to the quote's ("soldie" ~ "soldier").
      if (best && similarity === best.similarity && (similarity === 0 || letterPairs(exact, quote) <= letterPairs(best.exact, quote))) continue;
      best = { start, end: found[i].end, exact, similarity };
    }
  }
  return best && best.similarity > 0 ? best : null;
}
