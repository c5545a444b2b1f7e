import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { HttpError } from '../errors';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The session's form token, made on first use, so pages without forms never start a session. */
export function csrfToken(req: Request): string {
  req.session.csrfToken ??= randomBytes(32).toString('base64url');
  return req.session.csrfToken;
}

function sameToken(sent: unknown, expected: string | undefined): boolean {
  if (typeof sent !== 'string' || !expected) return false;
  const a = Buffer.from(sent);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Every state-changing request must carry the session's token (synchronizer-token pattern). */
export function verifyCsrf(onFailure: (req: Request) => void): RequestHandler {
  return (req, _res, next) => {
    if (SAFE_METHODS.has(req.method)) return next();
    const sent = req.body?._csrf ?? req.get('x-csrf-token');
    if (sameToken(sent, req.session?.csrfToken)) return next();
    onFailure(req);
    next(new HttpError(403, 'This form has expired', 'The form was too old or did not come from this site. Go back, reload the page and send it again.'));
  };
}
