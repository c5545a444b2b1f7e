import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import ejs from 'ejs';
import express from 'express';
import pg from 'pg';
import { securityHeaders } from '../server/http/security-headers';
import { createLogger, requestLog } from '../server/logger';
import { PROJECT_ROOT } from '../server/paths';

/*
 * The reference servers the app is measured against, each run as its own process:
 *   node dist/bench/servers.js http     PORT PAGE_FILE   (a) bare node:http, the bytes from memory
 *   node dist/bench/servers.js express  PORT PAGE_FILE   (b) bare Express, the same bytes
 *   node dist/bench/servers.js express-stack PORT PAGE_FILE  bare Express behind the app's own request
 *      log (server/logger.ts) and security headers (server/http/security-headers.ts)
 *   node dist/bench/servers.js fortunes PORT DATABASE_URL DISPUTE_ID PAGE_BYTES
 *      a Fortunes-style page: one query for a dispute's claims and one EJS template, no includes,
 *      its rows written as many times over as it takes to come to about PAGE_BYTES.
 * The ceilings send what the app's cached page sends: the body, its type and an ETag.
 */

const HTML = 'text/html; charset=utf-8';
const ETAG = '"bench-ceiling"';
const FORTUNES_TEMPLATE = path.join(PROJECT_ROOT, 'bench', 'views', 'fortunes.ejs');

function listening(server: http.Server, port: number, kind: string): void {
  server.keepAliveTimeout = 65_000;
  server.listen(port, '127.0.0.1', () => process.stdout.write(`${kind} listening on ${port}\n`));
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}

function bareHttp(port: number, page: Buffer): void {
  const headers = { 'Content-Type': HTML, 'Content-Length': String(page.length), ETag: ETAG };
  listening(http.createServer((_req, res) => {
    res.writeHead(200, headers);
    res.end(page);
  }), port, 'http');
}

function bareExpress(port: number, page: Buffer): void {
  const app = express();
  app.get('/disputes/:slug', (_req, res) => {
    res.set('ETag', ETAG).type('html').send(page);
  });
  listening(http.createServer(app), port, 'express');
}

// The two middlewares every app response passes before any route, imported from the app itself
// so that this row keeps measuring what the app runs.
function bareExpressWithAppMiddleware(port: number, page: Buffer): void {
  const app = express();
  app.use(requestLog(createLogger('warn')));
  app.use(securityHeaders());
  app.get('/disputes/:slug', (_req, res) => {
    res.set('ETag', ETAG).type('html').send(page);
  });
  listening(http.createServer(app), port, 'express-stack');
}

const CLAIMS_QUERY = `select id, position_id, text, is_verbatim, original_text, original_language, said_on, said_on_precision,
  venue, url, status, status_rationale, updated_at from claims where dispute_id = $1 and deleted_at is null order by id`;

async function fortunes(port: number, databaseUrl: string, disputeId: number, pageBytes: number): Promise<void> {
  pg.types.setTypeParser(1082, (value: string) => value);
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  const render = ejs.compile(fs.readFileSync(FORTUNES_TEMPLATE, 'utf8'), { filename: FORTUNES_TEMPLATE });
  const title = `Dispute ${disputeId}`;
  const once = render({ claims: (await pool.query(CLAIMS_QUERY, [disputeId])).rows, title, copies: 1 });
  const copies = Math.max(1, Math.round(pageBytes / Buffer.byteLength(once)));
  const app = express();
  app.get('/disputes/:slug', async (_req, res) => {
    const { rows } = await pool.query(CLAIMS_QUERY, [disputeId]);
    res.type('html').send(render({ claims: rows, title, copies }));
  });
  listening(http.createServer(app), port, 'fortunes');
}

async function main(): Promise<void> {
  const [kind, portText, target, ...extra] = process.argv.slice(2);
  const port = Number(portText);
  if (kind === 'http') return bareHttp(port, fs.readFileSync(target));
  if (kind === 'express') return bareExpress(port, fs.readFileSync(target));
  if (kind === 'express-stack') return bareExpressWithAppMiddleware(port, fs.readFileSync(target));
  if (kind === 'fortunes') return fortunes(port, target, Number(extra[0]), Number(extra[1]));
  throw new Error(`unknown server kind "${kind}"`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
