import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** The anonymous form token's cookie: a nonce and its HMAC under the session secret. */
export const FORM_COOKIE = 'cc_form';

function sameToken(sent: unknown, expected: string | undefined): boolean {
  if (typeof sent !== 'string' || !expected) return false;
  const a = Buffer.from(sent);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Form tokens. A signed-in editor's token lives in their session (synchronizer token). Anonymous
 * forms (sign-in, set-up, readers' tips) use a signed double-submit token instead, so that showing
 * them stores nothing: the same value in a cookie and in the form, valid only with our HMAC.
 */
export function formTokens(secret: string) {
  const madeFor = new WeakMap<Response, string>();
  const sign = (nonce: string) => createHmac('sha256', secret).update(`form ${nonce}`).digest('base64url');
  const isSigned = (token: string) => {
    const [nonce, mac] = token.split('.');
    return Boolean(nonce && mac) && sameToken(mac, sign(nonce));
  };

  function anonymousToken(req: Request, res: Response): string {
    const existing = cookieValue(req, FORM_COOKIE);
    if (existing && isSigned(existing)) return existing;
    const nonce = randomBytes(24).toString('base64url');
    const token = `${nonce}.${sign(nonce)}`;
    res.cookie(FORM_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure: req.secure, path: '/' });
    return token;
  }

  /** The token for the forms on this response, made on first use. */
  function token(req: Request, res: Response): string {
    if (res.locals.editor) {
      req.session.csrfToken ??= randomBytes(32).toString('base64url');
      return req.session.csrfToken;
    }
    // One cookie per response, however many forms the page has.
    let made = madeFor.get(res);
    if (!made) madeFor.set(res, (made = anonymousToken(req, res)));
    return made;
  }

  /** Whether a state-changing request carries the right token for who is (not) signed in. */
  function isValid(req: Request, res: Response): boolean {
    const sent: unknown = req.body?._csrf ?? req.get('x-csrf-token');
    if (res.locals.editor) return sameToken(sent, req.session?.csrfToken);
    const cookie = cookieValue(req, FORM_COOKIE);
    return typeof sent === 'string' && sameToken(sent, cookie) && isSigned(sent);
  }

  return { token, isValid };
}

export type FormTokens = ReturnType<typeof formTokens>;

/** Every state-changing request must carry the form token; `refuse` decides what a failure gets. */
export function verifyCsrf(tokens: FormTokens, refuse: RequestHandler): RequestHandler {
  return (req, res, next) => {
    res.locals.csrfToken = () => tokens.token(req, res);
    if (SAFE_METHODS.has(req.method) || tokens.isValid(req, res)) return next();
    return refuse(req, res, next);
  };
}

// The app parses no other cookie, so this one is read by hand rather than with a parser for all.
function cookieValue(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq !== -1 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}
