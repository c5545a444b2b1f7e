import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { BodyTooLarge, decodeBody, readLimited } from './read-body';
import { type AllowEntry, type Resolver, checkHost, systemResolver } from './ssrf';

export interface FetchPageOptions {
  /** FETCH_ALLOW_HOSTS, parsed: the only way past the address rules. */
  allow?: AllowEntry[];
  /** From the request until the connection is made, per hop. */
  connectTimeoutMs?: number;
  /** The whole fetch: every redirect and the body. */
  totalTimeoutMs?: number;
  maxBytes?: number;
  maxRedirects?: number;
  userAgent?: string;
  /** Host name to addresses; the system resolver unless a test stands in for the outside world. */
  resolve?: Resolver;
}

export interface FetchedPage {
  /** Where the page was found after redirects. */
  finalUrl: string;
  status: number;
  /** The body as text (decoded from its charset); plain text when contentType is text/plain. */
  html: string;
  /** The media type alone, lower case: text/html, application/xhtml+xml or text/plain. */
  contentType: string;
  fetchedAt: Date;
}

export type FetchFailureKind =
  | 'invalid-url' | 'refused' | 'unreachable' | 'timeout' | 'too-many-redirects'
  | 'too-large' | 'http-status' | 'not-a-page';

export interface FetchFailure {
  kind: FetchFailureKind;
  /** For an editor, e.g. "refused: 10.0.0.1 is a private address". */
  message: string;
  /** The address that failed (after any redirects). */
  url: string;
  /** The HTTP status, for http-status (and not-a-page). */
  status?: number;
  /** True when the host name does not exist (a page that is gone, not merely down). */
  unresolvable?: boolean;
}

export type FetchPageResult = { ok: true; page: FetchedPage } | { ok: false; failure: FetchFailure };

export const FETCH_DEFAULTS = {
  connectTimeoutMs: 5_000,
  totalTimeoutMs: 20_000,
  maxBytes: 5 * 1024 * 1024,
  maxRedirects: 5,
  userAgent: 'Counterclaim (source capture)',
};

const PAGE_TYPES = new Set(['text/html', 'application/xhtml+xml', 'text/plain']);
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

class Failed extends Error {
  constructor(readonly failure: Omit<FetchFailure, 'url'> & { url?: string }) {
    super(failure.message);
  }
}

function fail(kind: FetchFailureKind, message: string, extra: Partial<FetchFailure> = {}): never {
  throw new Failed({ kind, message, ...extra });
}

function parseTarget(raw: string, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch {
    fail('invalid-url', `"${raw}" is not a web address`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    fail('refused', `refused: only http and https addresses are fetched, not ${url.protocol.replace(/:$/, '')}`);
  }
  if (url.username || url.password) fail('refused', 'refused: addresses with a user name or password are not fetched');
  url.hash = '';
  return url;
}

// The connection goes to the address that was checked, never to a second DNS answer (rebinding).
function pinnedLookup(address: string): LookupFunction {
  const family = address.includes(':') ? 6 : 4;
  return (_hostname, options, callback) => {
    if (options.all) (callback as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address, family }]);
    else callback(null, address, family);
  };
}

interface Hop { res: http.IncomingMessage; url: URL }

function request(url: URL, address: string, o: Required<Omit<FetchPageOptions, 'allow' | 'resolve'>>, signal: AbortSignal): Promise<Hop> {
  return new Promise((resolve, reject) => {
    const client = url.protocol === 'https:' ? https : http;
    const req = client.request(url, {
      method: 'GET',
      lookup: pinnedLookup(address),
      agent: false,
      signal,
      headers: {
        'user-agent': o.userAgent,
        accept: 'text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8',
        'accept-encoding': 'gzip, deflate, br',
      },
    });
    const connectTimer = setTimeout(() => req.destroy(new Failed({
      kind: 'timeout', message: `${url.host} did not accept a connection within ${o.connectTimeoutMs / 1000} s`,
    })), o.connectTimeoutMs);
    req.on('socket', (socket) => {
      if (!socket.connecting) clearTimeout(connectTimer);
      else socket.once('connect', () => clearTimeout(connectTimer));
    });
    req.on('response', (res) => {
      clearTimeout(connectTimer);
      resolve({ res, url });
    });
    req.on('error', (error) => {
      clearTimeout(connectTimer);
      reject(error);
    });
    req.end();
  });
}

function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0].trim().toLowerCase();
}

async function follow(start: URL, options: FetchPageOptions, o: Required<Omit<FetchPageOptions, 'allow' | 'resolve'>>, signal: AbortSignal, current: { url: URL }): Promise<FetchedPage> {
  let url = start;
  for (let redirects = 0; ; redirects += 1) {
    current.url = url;
    const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
    const check = await checkHost(url.hostname, port, options.allow ?? [], options.resolve ?? systemResolver);
    if (!check.ok) {
      if (check.unresolvable) fail('unreachable', check.reason, { unresolvable: true });
      fail('refused', `refused: ${check.reason}`);
    }
    const { res } = await request(url, check.address, o, signal);
    const status = res.statusCode ?? 0;
    if (REDIRECTS.has(status) && res.headers.location) {
      res.resume();
      if (redirects >= o.maxRedirects) fail('too-many-redirects', `more than ${o.maxRedirects} redirects`);
      url = parseTarget(res.headers.location, url);
      continue;
    }
    if (status < 200 || status > 299) {
      res.resume();
      fail('http-status', `the server answered ${status}${res.statusMessage ? ` ${res.statusMessage}` : ''}`, { status });
    }
    const contentType = mediaType(res.headers['content-type']);
    if (!PAGE_TYPES.has(contentType)) {
      res.destroy();
      fail('not-a-page', `not a web page: the server sent ${contentType || 'no content type'}`, { status });
    }
    const body = await readLimited(res, o.maxBytes);
    return { finalUrl: url.toString(), status, html: decodeBody(body, String(res.headers['content-type'])), contentType, fetchedAt: new Date() };
  }
}

function describe(error: unknown, o: { totalTimeoutMs: number; maxBytes: number }, timedOut: boolean, host: string): Omit<FetchFailure, 'url'> {
  if (error instanceof Failed) return error.failure;
  if (timedOut) return { kind: 'timeout', message: `the page did not arrive within ${o.totalTimeoutMs / 1000} s` };
  if (error instanceof BodyTooLarge) return { kind: 'too-large', message: `the page is larger than ${Math.round(o.maxBytes / 1024 / 1024 * 10) / 10} MB` };
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ECONNREFUSED') return { kind: 'unreachable', message: `${host} refused the connection` };
  if (code && /CERT|SSL|TLS/.test(code)) return { kind: 'unreachable', message: `${host}'s HTTPS certificate is not valid (${code})` };
  return { kind: 'unreachable', message: `${host} could not be reached (${code ?? (error as Error).message})` };
}

/**
 * Fetches one web page for the record, safely: http(s) only, every address (and every redirect's)
 * checked by ssrf.ts, time and size limited, only HTML or plain text. Never throws for a page that
 * cannot be had: the failure says why, for the editor.
 */
export async function fetchPage(rawUrl: string, options: FetchPageOptions = {}): Promise<FetchPageResult> {
  const o = {
    connectTimeoutMs: options.connectTimeoutMs ?? FETCH_DEFAULTS.connectTimeoutMs,
    totalTimeoutMs: options.totalTimeoutMs ?? FETCH_DEFAULTS.totalTimeoutMs,
    maxBytes: options.maxBytes ?? FETCH_DEFAULTS.maxBytes,
    maxRedirects: options.maxRedirects ?? FETCH_DEFAULTS.maxRedirects,
    userAgent: options.userAgent ?? FETCH_DEFAULTS.userAgent,
  };
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, o.totalTimeoutMs);
  const current = { url: new URL('about:blank') };
  try {
    const start = parseTarget(rawUrl.trim());
    // The deadline also covers what the abort signal cannot interrupt, such as a slow DNS answer.
    const deadline = new Promise<never>((_, reject) => controller.signal.addEventListener('abort', () => reject(new Error('deadline'))));
    return { ok: true, page: await Promise.race([follow(start, options, o, controller.signal, current), deadline]) };
  } catch (error) {
    const failure = describe(error, o, timedOut, current.url.host);
    return { ok: false, failure: { url: current.url.href === 'about:blank' ? rawUrl : current.url.href, ...failure } };
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}
