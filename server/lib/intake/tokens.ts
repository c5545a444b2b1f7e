import { QuoteSpan } from './quotes';

/** A word, a whole quotation (marks and words, read as one unit) or one punctuation mark. */
export interface Token {
  kind: 'word' | 'quote' | 'punct';
  text: string;
  lower: string;
  start: number;
  end: number;
  /** For a quote token: the quotation it stands for. */
  quote?: QuoteSpan;
}

// A word: letters or digits, with inner apostrophes and hyphens (didn't, Pro-Kyiv, 40-kilometre).
const WORD = /[\p{L}\p{N}](?:[\p{L}\p{M}\p{N}]|['’\-](?=[\p{L}\p{N}]))*/uy;

/**
 * The tokens of text[from, to). Quotations wholly inside the range and not inside another one
 * there become single tokens, so words inside them never count as the sentence's own.
 */
export function tokenize(text: string, from: number, to: number, quotes: QuoteSpan[]): Token[] {
  const outer = outermostWithin(quotes, from, to);
  const tokens: Token[] = [];
  let q = 0;
  let i = from;
  while (i < to) {
    if (q < outer.length && outer[q].open === i) {
      const quote = outer[q++];
      tokens.push({ kind: 'quote', text: text.slice(quote.open, quote.close), lower: '', start: quote.open, end: quote.close, quote });
      i = quote.close;
      continue;
    }
    const ch = text[i];
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    WORD.lastIndex = i;
    const m = WORD.exec(text);
    const end = m ? Math.min(i + m[0].length, to) : i + 1;
    const word = text.slice(i, end);
    tokens.push({ kind: m ? 'word' : 'punct', text: word, lower: word.toLowerCase(), start: i, end });
    i = end;
  }
  return tokens;
}

/** Quotes are sorted by their opening mark and nest properly, so one pass finds the outer ones. */
function outermostWithin(quotes: QuoteSpan[], from: number, to: number): QuoteSpan[] {
  const outer: QuoteSpan[] = [];
  let coveredTo = from;
  for (let k = firstOpeningAtOrAfter(quotes, from); k < quotes.length && quotes[k].open < to; k++) {
    const q = quotes[k];
    if (q.open < coveredTo) continue;
    if (q.close <= to) outer.push(q);
    coveredTo = q.close;
  }
  return outer;
}

function firstOpeningAtOrAfter(quotes: QuoteSpan[], at: number): number {
  let lo = 0;
  let hi = quotes.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (quotes[mid].open < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export const isCapitalised = (t: Token | undefined) => t !== undefined && t.kind === 'word' && /^\p{Lu}/u.test(t.text);
export const isWord = (t: Token | undefined): t is Token => t !== undefined && t.kind === 'word';
export const isDash = (t: Token | undefined) => t !== undefined && t.kind === 'punct' && /^[\u2012-\u2015\-]$/.test(t.text);
