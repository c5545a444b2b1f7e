/** A pair of quote marks found in a text: offsets of the marks, and of the words between them. */
export interface QuoteSpan {
  /** Offset of the opening mark. */
  open: number;
  /** Offset just past the closing mark. */
  close: number;
  /** The words between the marks (the marks excluded). */
  innerStart: number;
  innerEnd: number;
  /** How deep it sits: 0 for an outer quote, 1 for a quote inside it… */
  depth: number;
}

// Which closing marks end which opening mark. Typists mix curly and straight marks (the founding
// article closes ‘…' with a straight one), so each opener accepts its curly and its straight closer.
const CLOSERS: Record<string, string> = {
  '“': '”"', // English double
  '"': '"”',
  '„': '“”', // Russian/Ukrainian inner, German
  '«': '»', // Russian/Ukrainian outer
  '‘': '’\'', // English single
  '\'': '\'’',
  '‚': '‘’',
  '‹': '›',
};
const ALWAYS_OPENS = '„«‚‹';
const QUOTE_MARKS = '“”"„«»‘’\'‚‹›';
const MAX_DEPTH = 4;

const isLetterOrDigit = (ch: string | undefined) => ch !== undefined && /[\p{L}\p{N}]/u.test(ch);
const isSpaceOrStart = (ch: string | undefined) => ch === undefined || /[\s([{\u2014\u2013\-/]/u.test(ch);

/** Whether the mark at `i` can open a quote, close one, or neither (an apostrophe). */
function roles(text: string, i: number): { opens: boolean; closes: boolean } {
  const ch = text[i];
  const before = text[i - 1];
  const after = text[i + 1];
  const openerBefore = before !== undefined && QUOTE_MARKS.includes(before);
  if (ch === '\'' || ch === '’') {
    // Between two letters it is an apostrophe (didn’t, Russia's); a closer needs no letter after it.
    if (isLetterOrDigit(before) && isLetterOrDigit(after)) return { opens: false, closes: false };
    const opens = ch === '\'' && (isSpaceOrStart(before) || openerBefore) && isLetterOrDigit(after);
    const closes = !isSpaceOrStart(before) && !isLetterOrDigit(after);
    return { opens, closes };
  }
  if (ch === '"') {
    const opens = isSpaceOrStart(before) || openerBefore;
    return { opens, closes: !isSpaceOrStart(before) || !opens };
  }
  if (ch === '“' || ch === '‘') return { opens: true, closes: true };
  if (ALWAYS_OPENS.includes(ch)) return { opens: true, closes: false };
  return { opens: false, closes: true }; // ” » ›
}

const PARAGRAPH_BREAK = /\n[^\S\n]*\n/y;

/**
 * Every pair of matching quote marks, in order of the opening mark. Quotes never run past a
 * blank line; an opener left unclosed there is dropped, and so is a closer with no opener.
 */
export function findQuotes(text: string): QuoteSpan[] {
  const spans: QuoteSpan[] = [];
  let stack: { mark: string; at: number }[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\n') {
      PARAGRAPH_BREAK.lastIndex = i;
      if (PARAGRAPH_BREAK.test(text)) stack = [];
      continue;
    }
    if (!QUOTE_MARKS.includes(ch)) continue;
    const { opens, closes } = roles(text, i);
    const matched = closes ? innermostOpenerClosedBy(stack, ch) : -1;
    if (matched >= 0) {
      const opener = stack[matched];
      stack = stack.slice(0, matched);
      spans.push({ open: opener.at, close: i + 1, innerStart: opener.at + 1, innerEnd: i, depth: matched });
    } else if (opens && stack.length < MAX_DEPTH) {
      stack.push({ mark: ch, at: i });
    }
  }
  return spans.sort((a, b) => a.open - b.open);
}

/** The opener this mark closes: the innermost one it fits, so an unclosed inner mark is skipped. */
function innermostOpenerClosedBy(stack: { mark: string }[], ch: string): number {
  for (let k = stack.length - 1; k >= 0; k--) {
    if (CLOSERS[stack[k].mark].includes(ch)) return k;
  }
  return -1;
}
