import { sha256Hex } from '../server/lib/sha256';
import { loadConfig } from '../server/config';
import { extractText, plainText } from '../server/outbound/extract-text';
import { fetchPage } from '../server/outbound/fetch-page';
import { ARTICLE_PARAGRAPHS, ARTICLE_TITLE, articlePage } from './support/article-page';
import { type PageServer, html, startPageServer } from './support/page-server';

const UKRAINIAN = [
  '«Ми не втратили жодного бійця», — заявив він журналістам у Києві.',
  'За його словами, підрозділ контролює смугу завдовжки 40 кілометрів.',
];

/** Enough of windows-1251 for the Ukrainian sentences above (Node encodes only UTF-8). */
function windows1251(text: string): Buffer {
  const special: Record<string, number> = { 'і': 0xb3, 'І': 0xb2, 'ї': 0xbf, 'є': 0xba, '«': 0xab, '»': 0xbb, '—': 0x97 };
  return Buffer.from([...text].map((c) => {
    const code = c.codePointAt(0)!;
    if (code < 0x80) return code;
    if (code >= 0x410 && code <= 0x44f) return code - 0x410 + 0xc0;
    if (special[c] === undefined) throw new Error(`no windows-1251 byte for ${c}`);
    return special[c];
  }));
}

describe('the readable text of a fetched page', () => {
  let server: PageServer;
  beforeAll(async () => {
    server = await startPageServer({
      '/article': html(articlePage()),
      // No charset in the header: the page's <meta> names windows-1251, as older Ukrainian sites do.
      '/uk': (_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(windows1251(
        `<html lang="uk"><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251"><title>Новини</title></head><body><article>${UKRAINIAN.map((p) => `<p>${p}</p>`).join('')}</article></body></html>`,
      )),
    });
  });
  afterAll(() => server.close());

  it('keeps the article, as paragraphs, and what the page says about itself', async () => {
    const allow = loadConfig({ FETCH_ALLOW_HOSTS: `127.0.0.1:${server.port}` }).fetchAllowHosts;
    const fetched = await fetchPage(`${server.origin}/article`, { allow });
    if (!fetched.ok) throw new Error(fetched.failure.message);
    const extracted = extractText(fetched.page.html, fetched.page.contentType);
    expect(extracted).toMatchObject({
      title: ARTICLE_TITLE,
      byline: 'Jane Example',
      publishedTime: '2026-11-24T09:30:00Z',
      lang: 'en-GB',
      siteName: 'Northbridge Courier',
      extractedBy: 'readability',
    });
    const paragraphs = extracted.text.split('\n\n');
    // Every paragraph whole and in order; the no-break space, the line break in the source and the
    // soft hyphen inside "supporting" do not survive as such.
    const positions = ARTICLE_PARAGRAPHS.map((paragraph) => paragraphs.indexOf(paragraph));
    expect(positions.every((position) => position >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    for (const noise of ['Section 3', 'analytics', 'Another story', 'document.write', '© Northbridge Courier', 'float: right']) {
      expect(extracted.text).not.toContain(noise);
    }
  });

  it('keeps Cyrillic text and its quote marks exactly, from a windows-1251 page', async () => {
    const allow = loadConfig({ FETCH_ALLOW_HOSTS: `127.0.0.1:${server.port}` }).fetchAllowHosts;
    const fetched = await fetchPage(`${server.origin}/uk`, { allow });
    if (!fetched.ok) throw new Error(fetched.failure.message);
    expect(extractText(fetched.page.html)).toMatchObject({ lang: 'uk', title: 'Новини', text: UKRAINIAN.join('\n\n') });
  });

  it('turns <br> into a line break and blocks into paragraphs, collapsing whitespace', () => {
    const extracted = extractText('<html><body><div><h2>Q&amp;A</h2><p>First\tline<br>second   line</p><ul><li>one</li><li> two </li></ul></div></body></html>');
    expect(extracted.text).toBe('Q&A\n\nFirst line\nsecond line\n\none\n\ntwo');
  });

  it('reads plain text as paragraphs separated by blank lines', () => {
    expect(extractText('  A statement.\r\n  It goes on.\r\n\r\n\r\nSecond\u00a0 paragraph. ', 'text/plain')).toMatchObject({
      text: 'A statement.\nIt goes on.\n\nSecond paragraph.', title: null, extractedBy: 'plain-text',
    });
    expect(plainText('\n\n')).toBe('');
  });
});

describe('sha256Hex', () => {
  it('hashes text as its UTF-8 bytes, in lower-case hex', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('Привет')).toBe(sha256Hex(Buffer.from('Привет', 'utf8')));
    expect(sha256Hex('Привет')).not.toBe(sha256Hex(Buffer.from('Привет', 'latin1')));
  });
});
