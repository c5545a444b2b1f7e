import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';

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

/** The one error handler: a page in the site's layout, never a stack trace or an internal message. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, next) => {
    if (res.headersSent) return next(err);
    const known = err instanceof HttpError ? err : fromMiddleware(err);
    const shown = known ?? new HttpError(500, 'Something went wrong', 'The page could not be shown because of an error on our side. It has been logged.');
    if (!known) logger.error({ err, reqId: req.id, url: req.originalUrl }, 'request failed');
    res.status(shown.status);
    if (req.accepts(['html', 'json']) === 'json') {
      res.json({ error: shown.title, detail: shown.detail, request_id: req.id });
      return;
    }
    res.render('error', { title: shown.title, error: shown, requestId: req.id });
  };
}
