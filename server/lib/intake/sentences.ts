import { findQuotes, QuoteSpan } from './quotes';

export interface Span {
  start: number;
  end: number;
}

export interface Sentence extends Span {
  /** Index of the paragraph (blocks of text between blank lines) the sentence sits in. */
  paragraph: number;
}

// Words after which a full stop does not end a sentence: titles, initials' companions, common
// abbreviations in the three languages (lower-cased, without the dot).
const ABBREVIATIONS = new Set([
  'mr', 'mrs', 'ms', 'dr', 'prof', 'gen', 'col', 'lt', 'sgt', 'capt', 'maj', 'st', 'jr', 'sr', 'vs', 'etc', 'no',
  'e.g', 'i.e', 'u.s', 'u.k', 'u.n', 'inc', 'ltd', 'co', 'jan', 'feb', 'mar', 'apr', 'aug', 'sept', 'sep', 'oct', 'nov', 'dec',
  'т', 'д', 'г', 'гг', 'им', 'ул', 'пр', 'см', 'ст', 'тыс', 'тис', 'млн', 'млрд', 'руб', 'грн', 'коп', 'др', 'проф', 'ген',
  'т.е', 'т.д', 'т.п', 'т.к', 'т.ч', 'і.т.д', 'напр', 'н.э', 'англ', 'рус', 'укр', 'пол', 'полк', 'сержант', 'п', 'ч',
]);

const TERMINATORS = '.!?…';
const CLOSING_MARKS = '”»’"\'“)]';

/**
 * The text's sentences, in order. Full stops inside quote marks do not end a sentence unless the
 * quote closes right after them and a new sentence starts; a line break ends one unless the next
 * line goes on in lower case (a hard-wrapped paragraph). Each sentence is trimmed of spaces.
 */
export function splitSentences(text: string, quotes: QuoteSpan[] = findQuotes(text)): Sentence[] {
  const insideQuote = quoteCover(text.length, quotes);
  const sentences: Sentence[] = [];
  let start = 0;
  let paragraph = 0;
  const push = (end: number, nextParagraph: boolean) => {
    const s = trimSpan(text, start, end);
    if (s.end > s.start) sentences.push({ ...s, paragraph });
    start = end;
    if (nextParagraph) paragraph++;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\n') {
      const blank = /^\n[^\S\n]*\n/.test(text.slice(i, i + 40));
      if (blank || !continuesLowercase(text, i + 1)) push(i, blank);
      continue;
    }
    if (!TERMINATORS.includes(ch)) continue;
    let end = i + 1;
    while (end < text.length && (TERMINATORS.includes(text[end]) || CLOSING_MARKS.includes(text[end]))) end++;
    // Inside a quote, only a quote that closes right after the terminator can end the sentence.
    if (insideQuote[i] > 0 && insideQuote[end] >= insideQuote[i]) continue;
    if (ch === '.' && isAbbreviation(text, i)) continue;
    if (!startsNewSentence(text, end)) continue;
    push(end, false);
    i = end - 1;
  }
  push(text.length, false);
  return sentences;
}

/** How many quotes cover each offset (marks included). */
function quoteCover(length: number, quotes: QuoteSpan[]): Uint8Array {
  const cover = new Uint8Array(length + 1);
  for (const q of quotes) for (let i = q.open; i < q.close; i++) cover[i]++;
  return cover;
}

function trimSpan(text: string, start: number, end: number): Span {
  while (start < end && /\s/.test(text[start])) start++;
  while (end > start && /\s/.test(text[end - 1])) end--;
  return { start, end };
}

function continuesLowercase(text: string, from: number): boolean {
  const m = /^[^\S\n]*(\S)/.exec(text.slice(from, from + 40));
  return m !== null && /\p{Ll}/u.test(m[1]);
}

function isAbbreviation(text: string, dot: number): boolean {
  const m = /([\p{L}.]+)$/u.exec(text.slice(Math.max(0, dot - 12), dot));
  if (!m) return false;
  const word = m[1].replace(/^\.+/, '');
  if (/^\p{Lu}$/u.test(word)) return true; // an initial: V. Putin, В. Путин
  return ABBREVIATIONS.has(word.toLowerCase());
}

/** After the terminator: the end, or spaces then something a sentence can begin with. */
function startsNewSentence(text: string, from: number): boolean {
  if (from >= text.length) return true;
  const m = /^\s+(\S)/.exec(text.slice(from, from + 40));
  if (!m) return false;
  return !/\p{Ll}/u.test(m[1]) && !/[,;:)]/.test(m[1]);
}

/** The sentence(s) covering start..end: from the start of the first to the end of the last. */
export function sentenceAround(text: string, start: number, end: number): Span & { exact: string } {
  const sentences = splitSentences(text);
  const first = sentences.find((s) => s.end > start) ?? { start, end };
  const last = [...sentences].reverse().find((s) => s.start < Math.max(end, start + 1)) ?? first;
  const s = Math.min(first.start, start);
  const e = Math.max(last.end, end);
  return { start: s, end: e, exact: text.slice(s, e) };
}
