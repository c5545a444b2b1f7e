import { createHash, randomBytes } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type { Knex } from 'knex';
import { Answer, createOnce, KeyScope } from '../../db/idempotency-keys';
import type { Db } from '../../db/knex';
import { attemptSave, SaveFailure } from './saving';

/** The hidden field every create form carries (views/partials/one-time-key.ejs). */
export const KEY_FIELD = '_idempotency_key';
const KEY_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;

/** A create under way in this request: the error handler reads it to say whether it may have been saved. */
export interface PendingSave {
  /** A page where the sender can see whether the record is there. */
  check: string;
  commitSent: boolean;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Locals {
      oneTimeKey: () => string;
      pendingSave?: PendingSave;
    }
  }
}

/** The one-time key this request was sent with, if it carries a well-formed one. */
export function sentKey(req: Request): string | undefined {
  const value: unknown = req.body?.[KEY_FIELD];
  return typeof value === 'string' && KEY_PATTERN.test(value) ? value : undefined;
}

/**
 * Create forms draw their key with res.locals.oneTimeKey(): a fresh random one for a new form,
 * the one sent for a form re-rendered with errors, so its next send still counts as the same.
 */
export const offerOneTimeKey: RequestHandler = (req, res, next) => {
  let key: string | undefined;
  res.locals.oneTimeKey = () => (key ??= sentKey(req) ?? randomBytes(16).toString('base64url'));
  next();
};

// An editor's key is theirs whichever session sends it (a sign-in in between keeps it valid); a
// reader's is their browser's form token (server/http/csrf.ts), kept as a hash: a reader has no
// session (a first-time reader's two sends would each get a new one), but has that cookie.
function scopeOf(req: Request, res: Response): KeyScope | undefined {
  const key = sentKey(req);
  const editorId = res.locals.editor?.id;
  const readerToken = res.locals.readerFormToken;
  const owner = editorId ? `editor ${editorId}` : readerToken ? `reader ${createHash('sha256').update(readerToken).digest('hex')}` : undefined;
  if (!key || !owner) return undefined;
  return { owner, action: req.originalUrl.split('?')[0].slice(0, 500), key };
}

export interface CreateSpec<T, A extends Answer | undefined> {
  /** A page where the sender can see whether the record is there, should the outcome be unknown. */
  check: string;
  /** Writes the record; `db` is a transaction that the one-time key shares. */
  create: (db: Db) => Promise<T>;
  /** The redirect and notice for what was created; undefined when it declined to create anything. */
  answer: (created: T) => A;
}

/** Where to send the sender; `created` is there unless the key was a repeat and nothing was created. */
export type Saved<T> = { kind: 'saved'; value: Answer; created?: T };
export type Declined<T> = { kind: 'declined'; value: T };

/**
 * Every create form's save: at most one record per one-time key (a repeated send answers the
 * first send's redirect), refusals an editor can fix as field errors, and what the error
 * handler needs to tell "not saved" from "may have been saved" if the database goes away.
 * A send without a key (an old page, a script) creates as it always did.
 */
export async function saveOnce<T, A extends Answer | undefined>(
  req: Request,
  res: Response,
  db: Db,
  spec: CreateSpec<T, A>,
): Promise<Saved<T> | SaveFailure | (undefined extends A ? Declined<T> : never)> {
  const pending: PendingSave = { check: spec.check, commitSent: false };
  res.locals.pendingSave = pending;
  const saved = await attemptSave(() =>
    createOnce(db, scopeOf(req, res), (trx: Knex.Transaction) => spec.create(trx), spec.answer, () => {
      pending.commitSent = true;
    }),
  );
  res.locals.pendingSave = undefined;
  if (saved.kind !== 'saved') return saved;
  const outcome = saved.value;
  if (outcome.kind === 'declined') return outcome as Declined<T> as never;
  return { kind: 'saved', value: outcome.answer, created: outcome.kind === 'created' ? outcome.value : undefined };
}
