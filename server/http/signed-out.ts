import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import type { Db } from '../../db/knex';
import { HttpError, resubmission, ResubmittedField } from '../errors';
import { parseSignIn } from '../forms/account';
import type { FieldErrors } from '../forms/fields';
import { localPath } from '../lib/local-path';
import type { OriginCheck } from './origin';
import { signInWithPassword, throttledMessage, WRONG_CREDENTIALS } from './sign-in';

/** The sign-in fields of the kept-form page; everything else in its form is what was first sent. */
export const SIGN_IN_EMAIL = '_signin_email';
export const SIGN_IN_PASSWORD = '_signin_password';
const NOT_CARRIED = new Set(['_csrf', SIGN_IN_EMAIL, SIGN_IN_PASSWORD]);

type Situation = 'signed-out' | 'not-signed-in' | 'stale-form' | 'expired-form';

const TITLES: Record<Situation, string> = {
  'signed-out': 'You have been signed out',
  'not-signed-in': 'Sign in to send this',
  'stale-form': 'This form was opened in an earlier session',
  'expired-form': 'This form was too old to send',
};

// The forms anyone may send: signing in would not help them, so their kept page only sends again.
const READERS_FORMS = [/^\/setup$/, /^\/(?:claims|disputes)\/[^/]+\/tip$/];
const isReadersForm = (req: Request) => READERS_FORMS.some((pattern) => pattern.test(req.path));

const carriesSessionCookie = (req: Request) => /(?:^|;\s*)cc_session=/.test(req.headers.cookie ?? '');

/**
 * A page that keeps a refused form: everything typed (never passwords) in a form that sends it to
 * the same address again with a fresh token, and the sign-in fields if no one is signed in, so
 * signing in and sending on is one step. The same mechanism as the 503 page (`resubmission`).
 */
export function renderKeptForm(req: Request, res: Response, situation: Situation, status: number, errors: FieldErrors = {}): void {
  const kept = resubmission(req, res);
  const fields: ResubmittedField[] = (kept?.fields ?? []).filter((field) => !NOT_CARRIED.has(field.name));
  res.status(status).set('Cache-Control', 'no-store').render('auth/kept-form', {
    title: TITLES[situation],
    situation,
    signsIn: situation === 'signed-out' || situation === 'not-signed-in',
    showsTypedText: fields.some((field) => field.kind !== 'hidden'),
    action: kept?.action ?? localPath(req.originalUrl),
    fields,
    email: typeof req.body?.[SIGN_IN_EMAIL] === 'string' ? req.body[SIGN_IN_EMAIL] : '',
    errors: Object.fromEntries(Object.entries(errors).filter(([, message]) => message)),
  });
}

/**
 * What a form with a wrong or missing token gets. A form this site sent to an editor whose
 * session has since ended (signed out elsewhere, idle or lifetime limit, account disabled, a
 * new session secret) is kept, for signing in and sending on; one whose session is alive but
 * newer than the form is kept to send again. A cross-site POST (another origin, or no origin
 * and no session cookie) is refused as before.
 */
export function refuseForm(logger: Logger, sentFromThisSite: OriginCheck): RequestHandler {
  return (req, res, next) => {
    logger.warn({ event: 'csrf_failed', ip: req.ip, path: req.originalUrl }, 'security');
    const fromThisSite = sentFromThisSite(req);
    if (res.locals.editor) {
      if (fromThisSite === true) return renderKeptForm(req, res, 'stale-form', 403);
    } else if (fromThisSite === true || (fromThisSite === undefined && carriesSessionCookie(req))) {
      // Nothing to keep: a sign-out from an ended session has already happened, and the
      // sign-in form is shown again as itself.
      if (req.path === '/signout') return res.redirect(303, '/');
      if (req.path === '/signin') return renderExpiredSignIn(req, res);
      if (isReadersForm(req)) return renderKeptForm(req, res, 'expired-form', 403);
      return renderKeptForm(req, res, 'signed-out', 401);
    }
    next(new HttpError(403, 'This form has expired', 'The form was too old or did not come from this site. Go back, reload the page and send it again.'));
  };
}

const isBlank = (value: unknown) => value === undefined || (typeof value === 'string' && value.trim() === '');

function renderExpiredSignIn(req: Request, res: Response): void {
  const values = { email: req.body?.email, next: req.body?.next };
  res.status(403).render('auth/signin', { title: 'Sign in', values, errors: { form: 'The sign-in form had expired. Sign in again.' } });
}

/**
 * The kept-form page's one step: a POST carrying the sign-in fields signs the editor in (within
 * the same limits as /signin) and goes on to the route it was sent to, as if they had never been
 * signed out. A wrong password shows the page again with everything still kept.
 */
export function signInAndSendOn(db: Db, logger: Logger): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'POST' || typeof req.body?.[SIGN_IN_EMAIL] !== 'string') return next();
    const { [SIGN_IN_EMAIL]: email, [SIGN_IN_PASSWORD]: password, ...sent } = req.body as Record<string, unknown>;
    // Both left empty: sent without signing in (a reader's form on an older kept page); the route decides.
    if (res.locals.editor || (isBlank(email) && isBlank(password))) {
      req.body = sent;
      return next();
    }
    const parsed = parseSignIn({ email, password });
    if (!parsed.ok) {
      const { email: emailError, password: passwordError } = parsed.errors;
      return renderKeptForm(req, res, 'signed-out', 422, { [SIGN_IN_EMAIL]: emailError, [SIGN_IN_PASSWORD]: passwordError });
    }
    const outcome = await signInWithPassword(db, logger, req, parsed.value.email, parsed.value.password);
    if (outcome.kind === 'throttled') {
      res.set('Retry-After', String(outcome.retryAfterSeconds));
      return renderKeptForm(req, res, 'signed-out', 429, { form: throttledMessage(outcome.retryAfterSeconds) });
    }
    if (outcome.kind === 'wrong') return renderKeptForm(req, res, 'signed-out', 401, { form: WRONG_CREDENTIALS });
    res.locals.editor = outcome.editor;
    req.body = sent;
    next();
  };
}
