import { createHash, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';

/*
 * Rendered pages for anonymous readers, kept in this process and keyed by path. Each entry
 * remembers the content version it was rendered from; the caller reads the current version
 * from the database for every request (one small query, which concurrent requests share), so
 * a page is never served after the data behind it changed, whichever process made the change.
 * Least recently used pages go first once the entries pass the memory bound.
 */

interface Entry {
  version: string;
  etag: string;
  body: Buffer;
}

// Shared caches (a CDN, nginx) may keep the page but must ask again each time: the 304 is cheap.
const FOR_READERS = 'public, no-cache';
// Readers with a session cookie may be sent a new cookie: nothing shared may keep that response.
const FOR_ONE_READER = 'private, no-cache';
const NEVER_STORE = 'private, no-store';

export interface PageCache {
  /** Whether this response may come from the cache: an anonymous reader with no one-time notice to show. */
  servesFromCache(res: Response): boolean;
  /** Sends the page rendered from `version`: kept if there is one, rendered once however many ask at once. */
  send(req: Request, res: Response, version: string, render: () => Promise<string>): Promise<void>;
  /** Marks a page that must not be kept anywhere (an editor's, or one with a notice). */
  neverStore(res: Response): void;
  /**
   * Mounted first of all: sends a kept page that is still current to a request with no cookie
   * at all (so no editor, no notice) at the cost of the version query alone. Anything else,
   * including a page not kept yet or out of date, goes on to the full stack and its route.
   */
  servesKeptPages(options: KeptPageOptions): RequestHandler;
}

export interface KeptPageOptions {
  currentVersion: (req: Request) => Promise<string | undefined>;
  /** Headers every response carries (security headers), as a flat [name, value, …] list. */
  headers: string[];
  /** Kept pages skip the request-log middleware, so they are logged here in its format. */
  logger: Logger;
}

export function createPageCache(maxBytes: number): PageCache {
  const entries = new Map<string, Entry>();
  const rendering = new Map<string, Promise<Entry>>();
  let bytes = 0;

  function keep(key: string, entry: Entry): void {
    forget(key);
    if (entry.body.length > maxBytes) return;
    entries.set(key, entry);
    bytes += entry.body.length;
    for (const [oldest, old] of entries) {
      if (bytes <= maxBytes) break;
      entries.delete(oldest);
      bytes -= old.body.length;
    }
  }

  function forget(key: string): void {
    const old = entries.get(key);
    if (!old) return;
    entries.delete(key);
    bytes -= old.body.length;
  }

  async function renderEntry(version: string, render: () => Promise<string>): Promise<Entry> {
    const body = Buffer.from(await render());
    return { version, body, etag: `"${createHash('sha1').update(body).digest('base64url')}"` };
  }

  // Moves an entry to the young end of the map, which iterates oldest first.
  function used(key: string, entry: Entry): Entry {
    entries.delete(key);
    entries.set(key, entry);
    return entry;
  }

  function current(key: string, version: string, render: () => Promise<string>): Promise<Entry> | Entry {
    const hit = entries.get(key);
    if (hit?.version === version) return used(key, hit);
    const flight = `${version} ${key}`;
    let pending = rendering.get(flight);
    if (!pending) {
      pending = renderEntry(version, render).then((entry) => {
        keep(key, entry);
        return entry;
      });
      rendering.set(flight, pending);
      const done = () => rendering.delete(flight);
      pending.then(done, done);
    }
    return pending;
  }

  function sendEntry(req: Request, res: Response, entry: Entry): void {
    res.set({ 'Cache-Control': req.headers.cookie ? FOR_ONE_READER : FOR_READERS, ETag: entry.etag, Vary: 'Cookie' });
    // Express answers 304 here when If-None-Match matches the ETag.
    res.type('html').send(entry.body);
  }

  return {
    servesFromCache: (res) => !res.locals.editor && !res.locals.flash,

    async send(req, res, version, render) {
      sendEntry(req, res, maxBytes > 0 ? await current(req.path, version, render) : await renderEntry(version, render));
    },

    neverStore(res) {
      res.set({ 'Cache-Control': NEVER_STORE, Vary: 'Cookie' });
    },

    servesKeptPages({ currentVersion, headers, logger }) {
      return async (req, res, next) => {
        const kept = req.headers.cookie ? undefined : entries.get(req.path);
        if (!kept) return next();
        const started = performance.now();
        let version: string | undefined;
        try {
          version = await currentVersion(req);
        } catch {
          return next(); // the full stack reports the database failure as it does for any page
        }
        if (version !== kept.version) {
          forget(req.path);
          return next();
        }
        sendKept(req, res, used(req.path, kept), { headers, logger, started });
      };
    },
  };
}

// A kept page written straight to the socket: its headers in one list, 304 when the reader has it.
function sendKept(req: Request, res: Response, entry: Entry, { headers, logger, started }: { headers: string[]; logger: Logger; started: number }): void {
  const id = randomUUID();
  const notModified = matchesEtag(req.headers['if-none-match'], entry.etag);
  res.writeHead(notModified ? 304 : 200, [
    ...headers,
    'X-Request-Id', id, 'Cache-Control', FOR_READERS, 'Vary', 'Cookie', 'ETag', entry.etag,
    ...(notModified ? [] : ['Content-Type', 'text/html; charset=utf-8', 'Content-Length', String(entry.body.length)]),
  ]);
  res.end(notModified ? undefined : entry.body);
  if (logger.isLevelEnabled('info')) {
    const responseTime = Math.round(performance.now() - started);
    logger.info({ req: { id, method: req.method, url: req.url }, res: { status: res.statusCode }, responseTime }, 'request completed');
  }
}

// If-None-Match as RFC 9110 reads it for GET: any listed tag, weak or strong, or "*".
function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((tag) => {
    const trimmed = tag.trim();
    return trimmed === '*' || trimmed === etag || trimmed === `W/${etag}`;
  });
}
