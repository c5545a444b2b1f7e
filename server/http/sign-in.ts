import { randomBytes } from 'node:crypto';
import type { Request } from 'express';
import type { Logger } from 'pino';
import type { Db } from '../../db/knex';
import { Editor, findEditorByEmail, recordFailedSignIn, recordSignIn } from '../../db/editors';
import { admitSignInAttempt, forgiveFailures, SignInLimits } from '../../db/sign-in-attempts';
import { verifyDecoy, verifyPassword } from '../lib/passwords';
import { addNotice } from './notices';

/**
 * Failures are counted per account from one address, and per address with a higher limit (many
 * people may share one behind a NAT): a guesser elsewhere can never lock an editor out, and the
 * editor is told about the failures at their next sign-in.
 */
export const SIGN_IN_LIMITS: SignInLimits = { perAccountAndAddress: 10, perAddress: 50, windowSeconds: 15 * 60 };

export const WRONG_CREDENTIALS = 'That email and password do not match an active editor account.';

export type SignInOutcome = { kind: 'signed-in'; editor: Editor } | { kind: 'wrong' } | { kind: 'throttled'; retryAfterSeconds: number };

export function throttledMessage(retryAfterSeconds: number): string {
  const minutes = Math.ceil(retryAfterSeconds / 60);
  return `Too many failed sign-ins from this connection. Wait ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}, then try again.`;
}

/** Checks an email and password within the limits and, if they match an active editor, signs them in. */
export async function signInWithPassword(db: Db, logger: Logger, req: Request, email: string, password: string): Promise<SignInOutcome> {
  const ip = req.ip ?? 'unknown';
  const admission = await admitSignInAttempt(db, email, ip, SIGN_IN_LIMITS);
  if (admission.kind === 'throttled') {
    logger.warn({ event: 'sign_in_throttled', ip }, 'security');
    return admission;
  }
  const editor = await checkCredentials(db, email, password);
  if (!editor) {
    await recordFailedSignIn(db, email);
    logger.warn({ event: 'sign_in_failed', ip }, 'security');
    return { kind: 'wrong' };
  }
  await forgiveFailures(db, email, ip);
  await startSession(db, req, editor);
  logger.info({ event: 'sign_in', editorId: editor.id, ip }, 'security');
  return { kind: 'signed-in', editor };
}

export type PasswordCheck = { kind: 'right' } | { kind: 'wrong' } | { kind: 'throttled'; retryAfterSeconds: number };

/**
 * A signed-in editor's current password (to change it), within the sign-in limits: a session
 * left open on a shared computer must not become a way to guess the password without end.
 */
export async function checkCurrentPassword(db: Db, logger: Logger, req: Request, editor: Editor, password: string): Promise<PasswordCheck> {
  const ip = req.ip ?? 'unknown';
  const admission = await admitSignInAttempt(db, editor.email, ip, SIGN_IN_LIMITS);
  if (admission.kind === 'throttled') {
    logger.warn({ event: 'password_check_throttled', editorId: editor.id, ip }, 'security');
    return admission;
  }
  if (!(await verifyPassword(editor.password_hash, password))) return { kind: 'wrong' };
  await forgiveFailures(db, editor.email, ip);
  return { kind: 'right' };
}

async function checkCredentials(db: Db, email: string, password: string): Promise<Editor | undefined> {
  const editor = await findEditorByEmail(db, email);
  if (!editor || editor.disabled_at) {
    await verifyDecoy(password);
    return undefined;
  }
  return (await verifyPassword(editor.password_hash, password)) ? editor : undefined;
}

/**
 * A fresh session id at sign-in, so an id planted before it is worth nothing after; stored before
 * the response is sent, so the page a redirect leads to already finds it.
 */
export async function startSession(db: Db, req: Request, editor: Editor): Promise<void> {
  await new Promise<void>((resolve, reject) => req.session.regenerate((err) => (err ? reject(err) : resolve())));
  req.session.editorId = editor.id;
  req.session.signedInAt = Date.now();
  req.session.csrfToken = randomBytes(32).toString('base64url');
  const failures = await recordSignIn(db, editor.id);
  if (failures > 0) {
    addNotice(req, `${failures} failed sign-in ${failures === 1 ? 'attempt' : 'attempts'} on your account since your last sign-in. If that was not you, change your password on your account page.`);
  }
  await saveSession(req);
}

/** The same editor's session under a new id (after a password change): a copied cookie is worth nothing after it. */
export async function renewSessionId(req: Request): Promise<void> {
  const { editorId, signedInAt } = req.session;
  await new Promise<void>((resolve, reject) => req.session.regenerate((err) => (err ? reject(err) : resolve())));
  Object.assign(req.session, { editorId, signedInAt, csrfToken: randomBytes(32).toString('base64url') });
  await saveSession(req);
}

export function saveSession(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.save((err) => (err ? reject(err) : resolve())));
}
