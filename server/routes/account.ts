import { Request, Response, Router } from 'express';
import type { Logger } from 'pino';
import type { Db } from '../../db/knex';
import { updatePasswordHash } from '../../db/editors';
import { countSessions, deleteOtherSessions } from '../../db/sessions';
import { parsePasswordChange } from '../forms/account';
import type { FieldErrors } from '../forms/fields';
import { requireEditor } from '../http/auth';
import { redirectWithNotice } from '../http/notices';
import { hashSid } from '../http/session';
import { checkCurrentPassword, renewSessionId, throttledMessage } from '../http/sign-in';
import { hashPassword } from '../lib/passwords';

/** An editor's own account: change the password, end the sessions on other devices. */
export function accountRouter(db: Db, logger: Logger): Router {
  const router = Router();
  router.use('/account', requireEditor(logger));
  router.get('/account', showAccount);
  router.post('/account/password', changePassword);
  router.post('/account/sessions/end-others', endOtherSessions);
  return router;

  async function showAccount(req: Request, res: Response) {
    await renderAccount(req, res, 200, {});
  }

  async function changePassword(req: Request, res: Response) {
    const editor = res.locals.editor!;
    const parsed = parsePasswordChange(req.body);
    if (!parsed.ok) return renderAccount(req, res, 422, parsed.errors);
    const check = await checkCurrentPassword(db, logger, req, editor, parsed.value.current_password);
    if (check.kind === 'throttled') {
      res.set('Retry-After', String(check.retryAfterSeconds));
      return renderAccount(req, res, 429, { current_password: throttledMessage(check.retryAfterSeconds) });
    }
    if (check.kind === 'wrong') {
      logger.warn({ event: 'password_change_refused', editorId: editor.id, ip: req.ip }, 'security');
      return renderAccount(req, res, 422, { current_password: 'That is not your current password.' });
    }
    await updatePasswordHash(db, editor.id, await hashPassword(parsed.value.password));
    await renewSessionId(req);
    const ended = await deleteOtherSessions(db, editor.id, hashSid(req.sessionID));
    logger.info({ event: 'password_changed', editorId: editor.id, sessionsEnded: ended, ip: req.ip }, 'security');
    redirectWithNotice(req, res, '/account', `Your password is changed. ${endedNotice(ended)}`);
  }

  async function endOtherSessions(req: Request, res: Response) {
    const editor = res.locals.editor!;
    const ended = await deleteOtherSessions(db, editor.id, hashSid(req.sessionID));
    logger.info({ event: 'other_sessions_ended', editorId: editor.id, sessionsEnded: ended, ip: req.ip }, 'security');
    redirectWithNotice(req, res, '/account', endedNotice(ended));
  }

  async function renderAccount(req: Request, res: Response, status: number, errors: FieldErrors) {
    const sessions = await countSessions(db, res.locals.editor!.id);
    res.status(status).render('account/show', { title: 'Your account', errors, otherSessionsText: otherSessionsText(Math.max(0, sessions - 1)) });
  }
}

function endedNotice(ended: number): string {
  if (ended === 0) return 'You were not signed in anywhere else.';
  return `${ended} other ${ended === 1 ? 'session was' : 'sessions were'} signed out.`;
}

function otherSessionsText(others: number): string {
  if (others === 0) return 'You are not signed in anywhere else.';
  return `You are also signed in in ${others} other ${others === 1 ? 'browser or device' : 'browsers or devices'}.`;
}
