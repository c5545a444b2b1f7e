const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "23 May 2023", "May 2023" or "2023", as exact as the editor said the date is. */
export function formatDay(date: string | null, precision = 'day'): string {
  if (!date) return '';
  const [year, month, day] = date.split('-').map(Number);
  if (precision === 'year') return String(year);
  if (precision === 'month') return `${MONTHS[month - 1]} ${year}`;
  return `${day} ${MONTHS[month - 1]} ${year}`;
}

/** An ISO 8601 date cut to what the editor knew: "2023-05-23", "2023-05" or "2023", never an invented day. */
export function isoDateAtPrecision(date: string | null, precision = 'day'): string | undefined {
  if (!date) return undefined;
  if (precision === 'year') return date.slice(0, 4);
  if (precision === 'month') return date.slice(0, 7);
  return date;
}

/** A moment in UTC, e.g. "25 November 2026, 14:05 UTC". */
export function formatMoment(moment: Date | string | null): string {
  if (!moment) return '';
  const date = new Date(moment);
  const hh = String(date.getUTCHours()).padStart(2, '0');
  const mm = String(date.getUTCMinutes()).padStart(2, '0');
  return `${formatDay(date.toISOString().slice(0, 10))}, ${hh}:${mm} UTC`;
}

export function isoMoment(moment: Date | string | null): string {
  return moment ? new Date(moment).toISOString() : '';
}

function isWholeMonth(from: string, to: string): boolean {
  const lastDay = new Date(Date.UTC(Number(from.slice(0, 4)), Number(from.slice(5, 7)), 0)).getUTCDate();
  return from.endsWith('-01') && to.slice(0, 7) === from.slice(0, 7) && Number(to.slice(8)) === lastDay;
}

/** "23 May 2023 – 25 May 2023", "May 2023" for a whole month, or whichever end is known. */
export function formatSpan(from: string | null, to: string | null): string {
  if (from && to && isWholeMonth(from, to)) return formatDay(from, 'month');
  if (from && to && from !== to) return `${formatDay(from)} – ${formatDay(to)}`;
  return formatDay(from ?? to);
}

// Safe inside <script type="application/ld+json">: no way to close the element or start a comment.
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** The first `max` characters of a text, cut at a word where possible. */
export function excerpt(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

const LINK_PHRASES: Record<string, [string, string]> = {
  contradicts: ['Contradicts', 'Contradicted by'],
  supports: ['Supports', 'Supported by'],
  qualifies: ['Qualifies', 'Qualified by'],
};

/** How a link reads from one end: "Contradicts" from the claim that made it, "Contradicted by" from the other. */
export function linkPhrase(type: string, outgoing: boolean): string {
  const phrases = LINK_PHRASES[type];
  return phrases ? phrases[outgoing ? 0 : 1] : type;
}

/** A claim's words in running text: in quotation marks only when they are the speaker's own. */
export function claimWords(text: string, isVerbatim: boolean, max: number): string {
  const words = excerpt(text, max);
  return isVerbatim ? `“${words}”` : words;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch]);
}

/** Escaped text with the words that start with a search prefix wrapped in <mark>: safe for <%-. */
export function highlight(text: string, prefixes: string[]): string {
  return text.replace(/([\p{L}\p{N}]+)|([^\p{L}\p{N}]+)/gu, (token, word: string | undefined) => {
    const escaped = escapeHtml(token);
    return word && prefixes.some((prefix) => word.toLowerCase().startsWith(prefix)) ? `<mark>${escaped}</mark>` : escaped;
  });
}
