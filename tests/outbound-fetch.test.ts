import zlib from 'node:zlib';
import { loadConfig } from '../server/config';
import { type FetchPageOptions, type FetchPageResult, fetchPage } from '../server/outbound/fetch-page';
import type { Resolver } from '../server/outbound/ssrf';
import { ARTICLE_TITLE, articlePage } from './support/article-page';
import { type PageServer, html, redirect, startPageServer } from './support/page-server';

// fetchPage against a local web server this file starts; nothing here reaches the real network.
// The test server is on 127.0.0.1, so each test names it in FETCH_ALLOW_HOSTS, as an operator would.

let server: PageServer;
let allowServer: FetchPageOptions;

function failure(result: FetchPageResult) {
  if (result.ok) throw new Error(`expected a failure, got ${result.page.status} from ${result.page.finalUrl}`);
  return result.failure;
}

function page(result: FetchPageResult) {
  if (!result.ok) throw new Error(`expected a page, got ${result.failure.kind}: ${result.failure.message}`);
  return result.page;
}

/** A resolver standing in for DNS: names to the addresses given, anything else unknown. */
function resolverFor(names: Record<string, string[]>): Resolver & { calls: string[] } {
  const calls: string[] = [];
  const resolve = async (hostname: string) => {
    calls.push(hostname);
    if (!names[hostname]) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return names[hostname];
  };
  return Object.assign(resolve, { calls });
}

beforeAll(async () => {
  server = await startPageServer({
    '/article': html(articlePage()),
    '/moved': redirect('/article', 301),
    '/to-private': redirect('http://10.0.0.1/admin'),
    '/to-metadata': redirect('http://169.254.169.254/latest/meta-data/'),
    '/to-other-port': redirect('http://127.0.0.1:1/'),
    '/to-ftp': redirect('ftp://127.0.0.1/file'),
    '/pdf': (_req, res) => res.writeHead(200, { 'content-type': 'application/pdf' }).end('%PDF-1.4'),
    '/json': (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'),
    '/untyped': (_req, res) => res.writeHead(200).end('<p>no type</p>'),
    '/plain': (_req, res) => res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end('A statement.\n\nSecond paragraph.'),
    '/gone': (_req, res) => res.writeHead(410, { 'content-type': 'text/html' }).end('<p>Gone</p>'),
    '/cyrillic': (_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=windows-1251' })
      .end(Buffer.concat([Buffer.from('<p>'), Buffer.from([0xcf, 0xf0, 0xe8, 0xe2, 0xe5, 0xf2]), Buffer.from('</p>')])),
    '/gzipped': (_req, res) => res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' })
      .end(zlib.gzipSync('<p>compressed page</p>')),
    '/huge': (_req, res) => {
      // No Content-Length: the limit must stop reading, not trust a header.
      res.writeHead(200, { 'content-type': 'text/html' });
      const chunk = Buffer.alloc(64 * 1024, 'a');
      let sent = 0;
      const more = () => {
        while (sent < 8 * 1024 * 1024) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', more);
        }
        res.end();
      };
      more();
    },
    '/huge-declared': (_req, res) => res.writeHead(200, { 'content-type': 'text/html', 'content-length': String(6 * 1024 * 1024) }).end(),
    '/gzip-bomb': (_req, res) => res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' })
      .end(zlib.gzipSync(Buffer.alloc(6 * 1024 * 1024, 'a'))),
    '/slow-headers': () => undefined,
    '/slow-body': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.write('<p>start');
    },
  });
  allowServer = { allow: loadConfig({ FETCH_ALLOW_HOSTS: `127.0.0.1:${server.port}` }).fetchAllowHosts };
});

afterAll(() => server.close());

describe('fetching a page by URL', () => {
  it('fetches an article from a host the allow-list names, with what the editor needs to store', async () => {
    const before = Date.now();
    const fetched = page(await fetchPage(`${server.origin}/article#comments`, allowServer));
    expect(fetched).toMatchObject({ finalUrl: `${server.origin}/article`, status: 200, contentType: 'text/html' });
    expect(fetched.html).toContain(`<h1>${ARTICLE_TITLE}</h1>`);
    expect(fetched.fetchedAt.getTime()).toBeGreaterThanOrEqual(before);
  });

  it('follows a redirect and reports where the page was found', async () => {
    const fetched = page(await fetchPage(`${server.origin}/moved`, allowServer));
    expect(fetched.finalUrl).toBe(`${server.origin}/article`);
  });

  it('accepts plain text, decodes the charset the server names and unpacks gzip', async () => {
    expect(page(await fetchPage(`${server.origin}/plain`, allowServer))).toMatchObject({ contentType: 'text/plain', html: 'A statement.\n\nSecond paragraph.' });
    expect(page(await fetchPage(`${server.origin}/cyrillic`, allowServer)).html).toBe('<p>Привет</p>');
    expect(page(await fetchPage(`${server.origin}/gzipped`, allowServer)).html).toBe('<p>compressed page</p>');
  });

  it('connects to the address it checked, sending the URL\'s host name', async () => {
    const resolve = resolverFor({ 'courier.test': ['127.0.0.1'] });
    const allow = loadConfig({ FETCH_ALLOW_HOSTS: 'courier.test' }).fetchAllowHosts;
    const fetched = page(await fetchPage(`http://courier.test:${server.port}/article`, { allow, resolve }));
    expect(fetched.finalUrl).toBe(`http://courier.test:${server.port}/article`);
    // One resolution, and the request reached the test server: a second lookup (a rebinding
    // attacker's second answer) could not have found courier.test at all.
    expect(resolve.calls).toEqual(['courier.test']);
    expect(server.requests.at(-1)).toEqual({ path: '/article', host: `courier.test:${server.port}` });
  });
});

describe('addresses that are refused', () => {
  it('refuses this machine when the allow-list does not name it, before any request is made', async () => {
    const count = server.requests.length;
    const refused = failure(await fetchPage(`${server.origin}/article`));
    expect(refused).toMatchObject({ kind: 'refused', message: 'refused: 127.0.0.1 is a loopback address (this machine)' });
    const otherPort = failure(await fetchPage(`${server.origin}/article`, { allow: loadConfig({ FETCH_ALLOW_HOSTS: '127.0.0.1:1' }).fetchAllowHosts }));
    expect(otherPort.kind).toBe('refused');
    expect(server.requests.length).toBe(count);
  });

  it.each([
    ['http://10.0.0.1/', 'refused: 10.0.0.1 is a private address'],
    ['http://172.16.5.4/', 'refused: 172.16.5.4 is a private address'],
    ['http://192.168.1.1/', 'refused: 192.168.1.1 is a private address'],
    ['http://169.254.169.254/latest/meta-data/', 'refused: 169.254.169.254 is a link-local address (where cloud metadata services live)'],
    ['http://[::1]/', 'refused: ::1 is a loopback address (this machine)'],
    ['http://[fc00::1]/', 'refused: fc00::1 is a private address'],
    ['http://[fd12:3456::1]/', 'refused: fd12:3456::1 is a private address'],
    ['http://[fe80::1]/', 'refused: fe80::1 is a link-local address (where cloud metadata services live)'],
    ['http://[::ffff:10.0.0.1]/', 'refused: ::ffff:a00:1 is the IPv6 form of 10.0.0.1, a private address'],
    ['http://[::ffff:127.0.0.1]/', 'refused: ::ffff:7f00:1 is the IPv6 form of 127.0.0.1, a loopback address (this machine)'],
    ['http://0.0.0.0/', 'refused: 0.0.0.0 is an unspecified address'],
    ['http://[::]/', 'refused: :: is an unspecified address'],
    ['http://100.64.0.1/', 'refused: 100.64.0.1 is a shared (carrier-grade NAT) address'],
    ['http://224.0.0.1/', 'refused: 224.0.0.1 is a multicast address'],
    ['http://[ff02::1]/', 'refused: ff02::1 is a multicast address'],
    ['http://2130706433/', 'refused: 127.0.0.1 is a loopback address (this machine)'],
    ['http://0x7f.1/', 'refused: 127.0.0.1 is a loopback address (this machine)'],
    ['http://192.0.2.1/', 'refused: 192.0.2.1 is a reserved address (reserved)'],
  ])('refuses %s', async (url, message) => {
    expect(failure(await fetchPage(url, allowServer))).toMatchObject({ kind: 'refused', message });
  });

  it('refuses a name that resolves to a private address, or to a public and a private one', async () => {
    const resolve = resolverFor({ 'intranet.test': ['10.0.0.5'], 'mixed.test': ['93.184.216.34', '127.0.0.1'] });
    expect(failure(await fetchPage('http://intranet.test/', { resolve })).message).toBe('refused: intranet.test resolves to 10.0.0.5, a private address');
    expect(failure(await fetchPage('https://mixed.test/', { resolve })).message).toBe('refused: mixed.test resolves to 127.0.0.1, a loopback address (this machine)');
  });

  it('refuses localhost through the system resolver unless allowed', async () => {
    expect(failure(await fetchPage(`http://localhost:${server.port}/article`)).message).toMatch(/^refused: localhost resolves to (127\.0\.0\.1|::1), a loopback address/);
  });

  it('says when a host does not exist', async () => {
    expect(failure(await fetchPage('http://nowhere.test/', { resolve: resolverFor({}) }))).toMatchObject({
      kind: 'unreachable', unresolvable: true, message: 'nowhere.test could not be found (no such host)',
    });
  });

  it.each([
    ['/to-private', 'http://10.0.0.1/admin', 'refused: 10.0.0.1 is a private address'],
    ['/to-metadata', 'http://169.254.169.254/latest/meta-data/', 'refused: 169.254.169.254 is a link-local address (where cloud metadata services live)'],
    ['/to-other-port', 'http://127.0.0.1:1/', 'refused: 127.0.0.1 is a loopback address (this machine)'],
    ['/to-ftp', `${'ftp://127.0.0.1/file'}`, 'refused: only http and https addresses are fetched, not ftp'],
  ])('re-checks a redirect: %s on the allowed server', async (path, target, message) => {
    const refused = failure(await fetchPage(`${server.origin}${path}`, allowServer));
    expect(refused).toMatchObject({ kind: 'refused', message });
    expect(refused.url).toBe(path === '/to-ftp' ? `${server.origin}${path}` : target);
  });

  it.each(['ftp://example.org/file', 'file:///etc/passwd', 'javascript:alert(1)', 'data:text/html,<p>x</p>', 'gopher://example.org/'])('refuses the scheme of %s', async (url) => {
    expect(failure(await fetchPage(url))).toMatchObject({ kind: 'refused', message: expect.stringMatching(/^refused: only http and https addresses are fetched, not \w+$/) });
  });

  it('refuses addresses with credentials, and says when a URL is not one', async () => {
    expect(failure(await fetchPage(`http://user:secret@127.0.0.1:${server.port}/article`, allowServer)).kind).toBe('refused');
    expect(failure(await fetchPage('not a url'))).toMatchObject({ kind: 'invalid-url', message: '"not a url" is not a web address' });
  });
});

describe('limits', () => {
  let chainServer: PageServer;
  beforeAll(async () => {
    const routes: Record<string, ReturnType<typeof redirect>> = { '/hop/7': html('<p>arrived</p>') };
    for (let i = 0; i < 7; i += 1) routes[`/hop/${i}`] = redirect(`/hop/${i + 1}`);
    chainServer = await startPageServer(routes);
  });
  afterAll(() => chainServer.close());
  const allowChain = () => ({ allow: loadConfig({ FETCH_ALLOW_HOSTS: `127.0.0.1:${chainServer.port}` }).fetchAllowHosts });

  it('follows five redirects and refuses a sixth', async () => {
    expect(page(await fetchPage(`${chainServer.origin}/hop/2`, allowChain())).finalUrl).toBe(`${chainServer.origin}/hop/7`);
    expect(failure(await fetchPage(`${chainServer.origin}/hop/1`, allowChain()))).toMatchObject({
      kind: 'too-many-redirects', message: 'more than 5 redirects',
    });
    expect(failure(await fetchPage(`${chainServer.origin}/hop/5`, { ...allowChain(), maxRedirects: 1 })).kind).toBe('too-many-redirects');
  });

  it.each(['/huge', '/huge-declared', '/gzip-bomb'])('stops reading %s past 5 MB', async (path) => {
    expect(failure(await fetchPage(`${server.origin}${path}`, allowServer))).toMatchObject({ kind: 'too-large', message: 'the page is larger than 5 MB' });
  });

  it.each(['/slow-headers', '/slow-body'])('gives up on %s when the time is up', async (path) => {
    const started = Date.now();
    expect(failure(await fetchPage(`${server.origin}${path}`, { ...allowServer, totalTimeoutMs: 300 }))).toMatchObject({
      kind: 'timeout', message: 'the page did not arrive within 0.3 s',
    });
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it.each([
    ['/pdf', 'not a web page: the server sent application/pdf'],
    ['/json', 'not a web page: the server sent application/json'],
    ['/untyped', 'not a web page: the server sent no content type'],
  ])('refuses %s, which is not HTML or text', async (path, message) => {
    expect(failure(await fetchPage(`${server.origin}${path}`, allowServer))).toMatchObject({ kind: 'not-a-page', message });
  });

  it('reports an error status with the status', async () => {
    expect(failure(await fetchPage(`${server.origin}/gone`, allowServer))).toMatchObject({ kind: 'http-status', status: 410, message: 'the server answered 410 Gone' });
  });
});

describe('FETCH_ALLOW_HOSTS in the configuration', () => {
  it('is empty unless set, and takes names and addresses with or without a port', () => {
    expect(loadConfig({}).fetchAllowHosts).toEqual([]);
    expect(loadConfig({ FETCH_ALLOW_HOSTS: ' Localhost:4555, 127.0.0.1 ,[::1]:8080,::1,wiki.intranet.' }).fetchAllowHosts).toEqual([
      { host: 'localhost', kind: 'name', port: 4555 },
      { host: '127.0.0.1', kind: 'address', port: undefined },
      { host: '0:0:0:0:0:0:0:1', kind: 'address', port: 8080 },
      { host: '0:0:0:0:0:0:0:1', kind: 'address', port: undefined },
      { host: 'wiki.intranet', kind: 'name', port: undefined },
    ]);
  });

  it.each(['http://localhost', 'local host', '[::1', 'localhost:0', 'localhost:65536', '10.0.0.0/8', 'under_score.test'])('refuses %s with a message that says the format', (value) => {
    expect(() => loadConfig({ FETCH_ALLOW_HOSTS: value })).toThrow(/^FETCH_ALLOW_HOSTS must list hosts as host, host:port or \[IPv6\]:port, comma-separated .*: ".*" is not/);
  });
});
