import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type { OriginCheck } from './origin';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Locals {
      /** A reader's valid double-submit token on a state-changing request: one per browser, no session needed. */
      readerFormToken?: string;
    }
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** The anonymous form token's cookie: a nonce and its HMAC under the session secret. */
export const FORM_COOKIE = 'cc_form';

// Over TLS the __Host- prefix makes browsers refuse the cookie unless this host set it Secure on
// path /: a sibling subdomain cannot plant a token of its own. Plain http (local use, tests) cannot have it.
const formCookie = (req: Request) => (req.secure ? `__Host-${FORM_COOKIE}` : FORM_COOKIE);

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
export function formTokens(secret: string, fromThisSite: OriginCheck) {
  const madeFor = new WeakMap<Response, string>();
  const sign = (nonce: string) => createHmac('sha256', secret).update(`form ${nonce}`).digest('base64url');
  const isSigned = (token: string) => {
    const [nonce, mac] = token.split('.');
    return Boolean(nonce && mac) && sameToken(mac, sign(nonce));
  };

  function anonymousToken(req: Request, res: Response): string {
    const existing = cookieValue(req, formCookie(req));
    if (existing && isSigned(existing)) return existing;
    const nonce = randomBytes(24).toString('base64url');
    const token = `${nonce}.${sign(nonce)}`;
    res.cookie(formCookie(req), token, { httpOnly: true, sameSite: 'lax', secure: req.secure, path: '/' });
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
    // A double-submit cookie can be planted by a sibling subdomain or a man in the middle on
    // plain http; a browser's word that the form came from elsewhere outweighs it.
    if (fromThisSite(req) === false) return false;
    const cookie = cookieValue(req, formCookie(req));
    return typeof sent === 'string' && sameToken(sent, cookie) && isSigned(sent);
  }

  /** The anonymous token this request was sent with, if it is ours: stable per browser, so it can scope a reader's one-time keys. */
  function anonymousOwner(req: Request): string | undefined {
    const cookie = cookieValue(req, formCookie(req));
    return cookie && isSigned(cookie) ? cookie : undefined;
  }

  return { token, isValid, anonymousOwner };
}

export type FormTokens = ReturnType<typeof formTokens>;

/** Every state-changing request must carry the form token; `refuse` decides what a failure gets. */
export function verifyCsrf(tokens: FormTokens, refuse: RequestHandler): RequestHandler {
  return (req, res, next) => {
    res.locals.csrfToken = () => tokens.token(req, res);
    if (SAFE_METHODS.has(req.method)) return next();
    if (!tokens.isValid(req, res)) return refuse(req, res, next);
    if (!res.locals.editor) res.locals.readerFormToken = tokens.anonymousOwner(req);
    next();
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
