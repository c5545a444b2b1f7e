import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { nothingWritten } from '../db/save-outcome';
import { isDatabaseUnavailable } from '../db/unavailable';
import { sentKey } from './http/once';
import { localPath } from './lib/local-path';

/** An error whose message is safe to show to the person who made the request. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
  ) {
    super(`${status} ${title}`);
  }
}

export class NotFound extends HttpError {
  constructor(detail = 'There is nothing at this address. It may have been moved, unpublished or mistyped.') {
    super(404, 'Page not found', detail);
  }
}

/** A 413 for a form that was read but is too large to save: its page shows the fields again, `field` marked. */
export class FormTooLarge extends HttpError {
  constructor(detail: string, readonly field: string | undefined) {
    super(413, 'Too much to save', detail);
  }
}

/** Loaders use this: a missing row becomes a 404 instead of a crash further down. */
export function found<T>(row: T | undefined | null): T {
  if (row === undefined || row === null) throw new NotFound();
  return row;
}

export const notFoundHandler: RequestHandler = (_req, _res, next) => next(new NotFound());

// body-parser and friends attach a `type` and a 4xx status to the errors they raise.
function fromMiddleware(err: { status?: number; type?: string }): HttpError | undefined {
  if (err.type === 'entity.too.large' || err.type === 'parameters.too.many') {
    return new HttpError(413, 'Too much to save', 'What you sent is larger than this site accepts. Shorten the longest fields and try again.');
  }
  if (typeof err.status === 'number' && err.status >= 400 && err.status < 500) {
    return new HttpError(err.status, 'Bad request', 'The request could not be understood. Go back and try again.');
  }
  return undefined;
}

// API clients get JSON whatever they send in Accept; browsers get a page.
function wantsJson(req: Request): boolean {
  return req.path.startsWith('/api/') || req.accepts(['html', 'json']) === 'json';
}

/** The one error handler: a page in the site's layout, never a stack trace or an internal message. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    if (res.headersSent) return afterResponseStarted(err, req, res, logger);
    if (isDatabaseUnavailable(err)) return renderUnavailable(err, req, res, logger);
    if (err instanceof FormTooLarge) return renderTooLarge(err, req, res, logger);
    const known = err instanceof HttpError ? err : fromMiddleware(err);
    const shown = known ?? new HttpError(500, 'Something went wrong', 'The page could not be shown because of an error on our side. It has been logged.');
    if (!known) logger.error({ err, reqId: req.id, url: req.originalUrl }, 'request failed');
    res.status(shown.status);
    if (wantsJson(req)) {
      res.json({ error: shown.title, detail: shown.detail, request_id: req.id });
      return;
    }
    renderPage(req, res, logger, 'error', { title: shown.title, error: shown, requestId: req.id });
  };
}

// Too late for an error page (the session store failing as the response ends, say): log it as
// one structured line and, if the response is still open, cut it as Express's own handler would.
function afterResponseStarted(err: { code?: string }, req: Request, res: Response, logger: Logger): void {
  if (isDatabaseUnavailable(err)) {
    logger.warn({ reqId: req.id, url: req.originalUrl, code: err.code }, 'database unavailable after the response started');
  } else {
    logger.error({ err, reqId: req.id, url: req.originalUrl }, 'request failed after the response started');
  }
  if (!res.writableEnded) res.destroy();
}

/**
 * Express's last resort, for an error that arrives after the error handler has already run for
 * its request (express-session reports a failed save only as the response ends): one structured
 * line instead of Express's bare console dump. Pass it as the app's `next` when serving.
 */
export function lastResort(logger: Logger) {
  return (req: Request, res: Response) => (err?: unknown) => {
    if (err) return afterResponseStarted(err as { code?: string }, req, res, logger);
    if (!res.headersSent) res.status(404).end();
  };
}

/**
 * Renders an error page even when the failure came before the middleware that shares the
 * layout's locals (the session store lives in the database), and falls back to plain text
 * if the page itself cannot be drawn: never Express's own page with a stack trace.
 */
function renderPage(req: Request, res: Response, logger: Logger, view: string, locals: { title: string; error: HttpError; requestId: unknown; resubmit?: unknown; outcome?: unknown }): void {
  res.locals.currentPath ??= req.path;
  res.render(view, locals, (err, html) => {
    if (!err) return void res.send(html);
    logger.error({ err, reqId: req.id }, 'error page could not be rendered');
    res.type('text').send(`${locals.error.title}\n\n${locals.error.detail}\n\nReference: ${String(locals.requestId)}\n`);
  });
}

/** Seconds a client is asked to wait when the database is out of reach: it usually comes back within that. */
export const RETRY_AFTER_SECONDS = 5;

const UNAVAILABLE = new HttpError(
  503,
  'Temporarily unavailable',
  'This page cannot be shown right now because our database is not answering. It usually comes back within seconds: try again shortly.',
);

// The database is down or stuck: expected during a restart, so a warning without a stack, and a
// 503 that tells browsers, proxies and crawlers to come back rather than a 500 that says "broken".
function renderUnavailable(err: { code?: string; name?: string }, req: Request, res: Response, logger: Logger): void {
  logger.warn({ reqId: req.id, url: req.originalUrl, code: err.code ?? err.name }, 'database unavailable');
  res.status(503).set({ 'Retry-After': String(RETRY_AFTER_SECONDS), 'Cache-Control': 'no-store' });
  if (wantsJson(req)) {
    res.json({ error: UNAVAILABLE.title, detail: UNAVAILABLE.detail, request_id: req.id, retry_after: RETRY_AFTER_SECONDS });
    return;
  }
  const resubmit = resubmission(req, res);
  const outcome = resubmit && saveOutcome(err, req, res);
  renderPage(req, res, logger, 'unavailable', { title: UNAVAILABLE.title, error: UNAVAILABLE, requestId: req.id, resubmit, outcome });
}

/** What the 503 page can honestly say about a form it could not save. */
export interface SaveOutcome {
  saved: 'no' | 'maybe';
  /** A page that shows whether the record is there, when the handler named one. */
  check?: string;
  /** The form carries a one-time key: sending it again cannot create a second record. */
  safeToResend: boolean;
}

// A create knows whether COMMIT had been sent when the connection went; any other form is
// judged by the error alone: a lost connection may have taken a COMMIT's reply with it.
function saveOutcome(err: unknown, req: Request, res: Response): SaveOutcome {
  const pending = res.locals.pendingSave;
  const maybe = pending ? pending.commitSent && !nothingWritten(err) : !nothingWritten(err);
  return { saved: maybe ? 'maybe' : 'no', check: maybe ? pending?.check : undefined, safeToResend: Boolean(sentKey(req)) };
}

// A body read but too large to save (server/http/bodies.ts): its fields come back, the long one marked.
function renderTooLarge(err: FormTooLarge, req: Request, res: Response, logger: Logger): void {
  const resubmit = resubmission(req, res);
  resubmit?.fields.forEach((field) => {
    if (field.name === err.field && field.kind === 'text') field.problem = `Too long: ${field.value.length.toLocaleString('en')} characters.`;
  });
  res.status(err.status).set('Cache-Control', 'no-store');
  renderPage(req, res, logger, 'too-large', { title: err.title, error: err, requestId: req.id, resubmit });
}

export interface ResubmittedField {
  name: string;
  value: string;
  label: string;
  kind: 'hidden' | 'text' | 'password';
  /** Lines of the box that shows typed text: enough for it, up to eight. */
  rows: number;
  /** Why this field must change before it is sent again, shown beside it. */
  problem?: string;
}

// Tokens, versions and chosen ids travel unseen; what a person typed is shown so they can check it.
function fieldKind(name: string): ResubmittedField['kind'] {
  if (/password/i.test(name)) return 'password';
  if (name.startsWith('_') || name === 'version' || name === 'next' || name.endsWith('_id')) return 'hidden';
  return 'text';
}

export function fieldLabel(name: string): string {
  const words = name.replace(/_/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export interface Resubmission {
  action: string;
  fields: ResubmittedField[];
  /** The form carries a token made now (views/partials/resubmit-form.ejs) rather than the one sent. */
  freshToken: boolean;
}

/**
 * A failed form submission as a form that sends the same fields to the same address again,
 * so nothing typed is lost while the database is away. The one place that does this for every
 * form (the 503, 413 and kept-form pages): their own pages need the database to draw them.
 * Passwords are never echoed back. Once the form token check has run, the form gets a token for
 * whoever is signed in now (a kept-page sign-in may have just changed that), never the one sent.
 * Before it (a 413 refused before the session is read) the sent token stays: nothing in between
 * can have changed the session, and without it there is no telling an editor's token from a reader's.
 */
export function resubmission(req: Request, res: Response): Resubmission | undefined {
  const body: unknown = req.body;
  if (req.method !== 'POST' || typeof body !== 'object' || body === null) return undefined;
  const freshToken = typeof res.locals.csrfToken === 'function';
  const sent = Object.entries(body as Record<string, unknown>).filter(([name]) => !(freshToken && name === '_csrf'));
  const fields = sent.flatMap(([name, raw]) =>
    (Array.isArray(raw) ? raw : [raw]).map((item) => {
      const kind = fieldKind(name);
      const value = kind === 'password' ? '' : String(item ?? '');
      return { name, kind, label: fieldLabel(name), value, rows: Math.min(8, Math.max(1, Math.ceil(value.length / 70))) };
    }),
  );
  if (fields.length === 0) return undefined;
  return { action: localPath(req.originalUrl), fields, freshToken };
}
