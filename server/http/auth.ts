import type { Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import type { Db } from '../../db/knex';
import { Editor, findActiveEditor } from '../../db/editors';
import type { Config } from '../config';
import { HttpError } from '../errors';
import { renderKeptForm } from './signed-out';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Locals {
      editor?: Editor;
    }
  }
}

function destroySession(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.destroy((err) => (err ? reject(err) : resolve())));
}

// Ends the stored session but leaves the request an empty one: the page it renders may still need a form token.
function replaceSession(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.regenerate((err) => (err ? reject(err) : resolve())));
}

/**
 * Puts the signed-in editor in res.locals.editor. A session past its absolute lifetime,
 * or whose editor was disabled, is ended here.
 */
export function loadCurrentEditor(db: Db, config: Config, logger: Logger): RequestHandler {
  const maxAgeMs = config.sessionMaxHours * 3_600_000;
  return async (req, res, next) => {
    const { editorId, signedInAt } = req.session ?? {};
    if (!editorId) return next();
    const expired = !signedInAt || Date.now() - signedInAt > maxAgeMs;
    const editor = expired ? undefined : await findActiveEditor(db, editorId);
    if (!editor) {
      logger.info({ event: 'session_ended', editorId, reason: expired ? 'lifetime' : 'disabled', ip: req.ip }, 'security');
      await replaceSession(req);
      return next();
    }
    res.locals.editor = editor;
    next();
  };
}

function deny(req: Request, res: Response, logger: Logger): void {
  logger.warn({ event: 'access_denied', editorId: res.locals.editor?.id, ip: req.ip, path: req.originalUrl }, 'security');
}

/**
 * Editor routes: anonymous GETs go to the sign-in page; an anonymous form (its token checked
 * already) is kept on a page for signing in and sending it on.
 */
export function requireEditor(logger: Logger): RequestHandler {
  return (req, res, next) => {
    if (res.locals.editor) return next();
    deny(req, res, logger);
    if (req.method === 'GET') return res.redirect(303, `/signin?next=${encodeURIComponent(req.originalUrl)}`);
    if (req.method === 'POST') return renderKeptForm(req, res, 'not-signed-in', 401);
    next(new HttpError(401, 'Sign in required', 'Only signed-in editors can do this. Sign in and try again.'));
  };
}

export function requireAdmin(logger: Logger): RequestHandler {
  return (req, res, next) => {
    if (res.locals.editor?.role === 'admin') return next();
    deny(req, res, logger);
    if (!res.locals.editor && req.method === 'GET') return res.redirect(303, `/signin?next=${encodeURIComponent(req.originalUrl)}`);
    if (!res.locals.editor && req.method === 'POST') return renderKeptForm(req, res, 'not-signed-in', 401);
    next(new HttpError(res.locals.editor ? 403 : 401, 'Not allowed', 'Only administrators can do this.'));
  };
}

export { destroySession };
