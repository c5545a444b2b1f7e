import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';

// linkedom rather than jsdom under Readability: on a typical news page (136 kB: navigation, scripts,
// 1,200 words, related stories) both gave the same text; linkedom was 3-7 times faster in
// interleaved runs, loaded in 13-24 MB instead of 102 MB, and kept 4-8 MB of heap after 30 pages
// against 55 MB (jsdom 29, each window closed). Neither runs the page's scripts. Extraction is
// synchronous: a page near the 5 MB limit holds the event loop for seconds.

export interface ExtractedText {
  title: string | null;
  byline: string | null;
  /** As the page states it (meta or JSON-LD), not reinterpreted: its precision is the page's. */
  publishedTime: string | null;
  /** The page's declared language (<html lang>), when it has one. */
  lang: string | null;
  siteName: string | null;
  excerpt: string | null;
  /** Paragraphs separated by a blank line, whitespace inside each collapsed to single spaces. */
  text: string;
  /** readability: the article found; whole-page: no article found, so all visible text; plain-text: not HTML. */
  extractedBy: 'readability' | 'whole-page' | 'plain-text';
}

/** What the walk below needs of a DOM node (the server is built without the browser's DOM types). */
interface TextNode {
  nodeType: number;
  nodeValue: string | null;
  localName?: string;
  childNodes: ArrayLike<TextNode>;
}

const PARAGRAPH = '\u0001';
const LINE = '\u0002';
const SKIPPED = new Set(['script', 'style', 'noscript', 'template', 'head', 'svg', 'iframe', 'object']);
const BLOCKS = new Set([
  'address', 'article', 'aside', 'blockquote', 'dd', 'details', 'div', 'dl', 'dt', 'figcaption', 'figure',
  'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main', 'nav', 'ol', 'p',
  'pre', 'section', 'summary', 'table', 'tr', 'ul', 'caption',
]);

function collect(node: TextNode, out: string[]): void {
  for (const child of Array.from(node.childNodes)) {
    if (child.nodeType === 3) out.push((child.nodeValue ?? '').replace(/[\u0001\u0002]/g, ''));
    if (child.nodeType !== 1) continue;
    const tag = (child.localName ?? '').toLowerCase();
    if (SKIPPED.has(tag)) continue;
    if (tag === 'br') out.push(LINE);
    else if (tag === 'td' || tag === 'th') out.push(' ', ...collectInto(child), ' ');
    else if (BLOCKS.has(tag)) out.push(PARAGRAPH, ...collectInto(child), PARAGRAPH);
    else collect(child, out);
  }
}

function collectInto(node: TextNode): string[] {
  const out: string[] = [];
  collect(node, out);
  return out;
}

// Invisible characters that only break words for layout (soft hyphen, zero-width space, word
// joiner, BOM) would make a quote copied from the rendered page fail to match: they go.
function tidy(line: string): string {
  return line.replace(/[\u00ad\u200b\u2060\ufeff]/g, '').replace(/\s+/g, ' ').trim();
}

function paragraphs(raw: string, paragraphBreak: RegExp, lineBreak: RegExp): string {
  return raw.split(paragraphBreak)
    .map((paragraph) => paragraph.split(lineBreak).map(tidy).filter(Boolean).join('\n'))
    .filter(Boolean)
    .join('\n\n');
}

/** The text of an element as paragraphs: blocks become paragraphs, <br> a line break. */
export function elementText(node: TextNode): string {
  return paragraphs(collectInto(node).join(''), /\u0001+/, /\u0002/);
}

/** Plain text as paragraphs: a blank line separates them, single line breaks are kept. */
export function plainText(raw: string): string {
  return paragraphs(raw.replace(/\r\n?/g, '\n'), /\n[ \t\f\v]*\n\s*/, /\n/);
}

function clean(value: string | null | undefined): string | null {
  const tidied = value ? tidy(value) : '';
  return tidied === '' ? null : tidied;
}

/** The readable text and what the page says about itself, from a fetched page's HTML. */
export function extractText(html: string, contentType = 'text/html'): ExtractedText {
  if (contentType === 'text/plain') {
    return { title: null, byline: null, publishedTime: null, lang: null, siteName: null, excerpt: null, text: plainText(html), extractedBy: 'plain-text' };
  }
  const { document } = parseHTML(html);
  const pageTitle = clean(document.querySelector('title')?.textContent);
  const pageLang = clean(document.documentElement?.getAttribute('lang'));
  // Readability is typed against the browser's DOM, which linkedom implements enough of for it.
  const article = new Readability<TextNode>(document as never, { serializer: (node) => node as unknown as TextNode }).parse();
  const text = article?.content ? elementText(article.content) : '';
  if (article && text !== '') {
    return {
      title: clean(article.title) ?? pageTitle,
      byline: clean(article.byline),
      publishedTime: clean(article.publishedTime),
      lang: clean(article.lang) ?? pageLang,
      siteName: clean(article.siteName),
      excerpt: clean(article.excerpt),
      text,
      extractedBy: 'readability',
    };
  }
  // Readability changes the document it reads: the whole page is read from a fresh parse.
  const body = (parseHTML(html).document.body ?? null) as unknown as TextNode | null;
  return { title: pageTitle, byline: null, publishedTime: null, lang: pageLang, siteName: null, excerpt: null, text: body ? elementText(body) : '', extractedBy: 'whole-page' };
}
