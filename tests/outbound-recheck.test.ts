import { loadConfig } from '../server/config';
import { sha256Hex } from '../server/lib/sha256';
import { extractText } from '../server/outbound/extract-text';
import type { FetchPageOptions } from '../server/outbound/fetch-page';
import { normaliseForQuoteMatch } from '../server/lib/intake';
import { containsQuote, recheckDocumentUrl } from '../server/outbound/recheck';
import { articlePage } from './support/article-page';
import { type PageServer, html, redirect, startPageServer } from './support/page-server';

// What the recheck command records, against a local server standing in for the publisher.

const QUOTES = [
  { id: 1, exact: 'will reopen to traffic before the winter' },
  // Typed with straight quotes and a line break where the page has a no-break space: the same words.
  { id: 2, exact: '"We have not paid a single euro\n more than agreed,"' },
];

let server: PageServer;
let options: FetchPageOptions;
const storedText = extractText(articlePage()).text;

beforeAll(async () => {
  server = await startPageServer({
    '/article': html(articlePage()),
    '/edited': html(articlePage().replace('a single euro', 'one euro')),
    '/moved': redirect('/article', 301),
    '/to-private': redirect('http://10.0.0.1/'),
    '/gone': (_req, res) => res.writeHead(410, { 'content-type': 'text/html' }).end('<p>Gone</p>'),
    '/down': (_req, res) => res.writeHead(503, { 'content-type': 'text/html' }).end('<p>Maintenance</p>'),
  });
  options = { allow: loadConfig({ FETCH_ALLOW_HOSTS: `127.0.0.1:${server.port}` }).fetchAllowHosts };
});

afterAll(() => server.close());

describe('rechecking a document URL', () => {
  it('is reachable when every quote is still there, and says whether the text is the stored one', async () => {
    const result = await recheckDocumentUrl(`${server.origin}/moved`, { textSha256: sha256Hex(storedText), quotes: QUOTES }, options);
    expect(result).toMatchObject({
      status: 'reachable', finalUrl: `${server.origin}/article`, httpStatus: 200, message: null, textUnchanged: true,
      quotes: [{ id: 1, present: true }, { id: 2, present: true }],
    });
    expect(result.textSha256).toBe(sha256Hex(storedText));
  });

  it('is changed when a quote is no longer in the page', async () => {
    const result = await recheckDocumentUrl(`${server.origin}/edited`, { textSha256: sha256Hex(storedText), quotes: QUOTES }, options);
    expect(result).toMatchObject({ status: 'changed', textUnchanged: false, quotes: [{ id: 1, present: true }, { id: 2, present: false }] });
  });

  it('is gone when the server says so or the host no longer exists', async () => {
    expect(await recheckDocumentUrl(`${server.origin}/gone`, { textSha256: null, quotes: QUOTES }, options)).toMatchObject({
      status: 'gone', httpStatus: 410, message: 'the server answered 410 Gone', quotes: [{ id: 1, present: null }, { id: 2, present: null }],
    });
    expect(await recheckDocumentUrl(`${server.origin}/nothing-here`, { textSha256: null, quotes: [] }, options)).toMatchObject({ status: 'gone', httpStatus: 404 });
    const noHost = await recheckDocumentUrl('https://closed-down.test/story', { textSha256: null, quotes: [] }, {
      resolve: async () => { throw Object.assign(new Error('ENOTFOUND'), { code: 'ENOTFOUND' }); },
    });
    expect(noHost).toMatchObject({ status: 'gone', message: 'closed-down.test could not be found (no such host)' });
  });

  it('is unavailable, not gone, when it merely could not be checked, and obeys the fetch rules', async () => {
    expect(await recheckDocumentUrl(`${server.origin}/down`, { textSha256: null, quotes: QUOTES }, options)).toMatchObject({ status: 'unavailable', httpStatus: 503 });
    expect(await recheckDocumentUrl(`${server.origin}/to-private`, { textSha256: null, quotes: QUOTES }, options)).toMatchObject({
      status: 'unavailable', message: 'refused: 10.0.0.1 is a private address',
    });
    expect((await recheckDocumentUrl(`${server.origin}/article`, { textSha256: null, quotes: QUOTES })).status).toBe('unavailable');
  });
});

describe('quote matching', () => {
  it('makes quote marks, apostrophes, dashes and whitespace uniform, and nothing else', () => {
    expect(normaliseForQuoteMatch('  «Ми  не втратили» — it’s „so“\u00a0‘here’ – ok ')).toBe('"Ми не втратили" - it\'s "so" \'here\' - ok');
    expect(containsQuote('He said: “didn’t lose a single soldier”.', '"didn\'t lose a single soldier"')).toBe(true);
    expect(containsQuote('He said: “didn’t lose a single soldier”.', 'did not lose a single soldier')).toBe(false);
    expect(containsQuote('killing 70 fighters', 'killing 700 fighters')).toBe(false);
    expect(containsQuote('Killing 70 fighters', 'killing 70 fighters')).toBe(false);
    expect(containsQuote('any text', '  ')).toBe(false);
  });
});
