import { Request, Response, Router } from 'express';
import type { Logger } from 'pino';
import type { Db } from '../../db/knex';
import { createFirstEditor, Editor, findEditorByEmail, hasAnyEditor, recordSignIn } from '../../db/editors';
import { clearFailures, countRecentFailures, recordFailedSignIn } from '../../db/sign-in-attempts';
import { NotFound } from '../errors';
import { parseNewEditor, parseSignIn } from '../forms/account';
import { destroySession } from '../http/auth';
import { localPath } from '../http/params';
import { hashPassword, verifyDecoy, verifyPassword } from '../lib/passwords';

const THROTTLE_WINDOW_MS = 15 * 60_000;
const MAX_FAILURES = 10;
const WRONG_CREDENTIALS = 'That email and password do not match an active editor account.';

export function authRouter(db: Db, logger: Logger): Router {
  const router = Router();
  router.get('/signin', showSignIn);
  router.post('/signin', signIn);
  router.post('/signout', signOut);
  router.get('/setup', showSetup);
  router.post('/setup', setUpFirstEditor);
  return router;

  function showSignIn(req: Request, res: Response) {
    if (res.locals.editor) return res.redirect(303, localPath(req.query.next));
    renderSignIn(res, 200, { values: { next: req.query.next } });
  }

  async function signIn(req: Request, res: Response) {
    const parsed = parseSignIn(req.body);
    if (!parsed.ok) return renderSignIn(res, 422, { values: req.body, errors: parsed.errors });
    const { email, password } = parsed.value;
    const ip = req.ip ?? 'unknown';
    const failures = await countRecentFailures(db, email, ip, new Date(Date.now() - THROTTLE_WINDOW_MS));
    if (failures.forEmail >= MAX_FAILURES || failures.forIp >= MAX_FAILURES) {
      logger.warn({ event: 'sign_in_throttled', ip }, 'security');
      const message = 'Too many failed sign-ins. Wait 15 minutes, then try again.';
      return renderSignIn(res, 429, { values: { email, next: req.body.next }, errors: { form: message } });
    }
    const editor = await checkCredentials(email, password);
    if (!editor) {
      await recordFailedSignIn(db, email, ip);
      logger.warn({ event: 'sign_in_failed', ip }, 'security');
      return renderSignIn(res, 401, { values: { email, next: req.body.next }, errors: { form: WRONG_CREDENTIALS } });
    }
    await clearFailures(db, email);
    await startSession(req, editor);
    logger.info({ event: 'sign_in', editorId: editor.id, ip }, 'security');
    res.redirect(303, localPath(req.body.next));
  }

  async function checkCredentials(email: string, password: string): Promise<Editor | undefined> {
    const editor = await findEditorByEmail(db, email);
    if (!editor || editor.disabled_at) {
      await verifyDecoy(password);
      return undefined;
    }
    return (await verifyPassword(editor.password_hash, password)) ? editor : undefined;
  }

  async function signOut(req: Request, res: Response) {
    const editorId = res.locals.editor?.id;
    await destroySession(req);
    res.clearCookie('cc_session', { path: '/' });
    logger.info({ event: 'sign_out', editorId, ip: req.ip }, 'security');
    res.redirect(303, '/');
  }

  async function showSetup(_req: Request, res: Response) {
    if (await hasAnyEditor(db)) throw new NotFound();
    res.render('auth/setup', { title: 'Create the first editor', values: {}, errors: {} });
  }

  async function setUpFirstEditor(req: Request, res: Response) {
    if (await hasAnyEditor(db)) throw new NotFound();
    const parsed = parseNewEditor(req.body);
    if (!parsed.ok) return res.status(422).render('auth/setup', { title: 'Create the first editor', values: req.body, errors: parsed.errors });
    const { password, ...account } = parsed.value;
    const editor = await createFirstEditor(db, { ...account, password_hash: await hashPassword(password) });
    if (!editor) throw new NotFound();
    await startSession(req, editor);
    logger.info({ event: 'first_editor_created', editorId: editor.id, ip: req.ip }, 'security');
    res.redirect(303, '/');
  }

  // A fresh session id at sign-in, so an id planted before it is worth nothing after.
  async function startSession(req: Request, editor: Editor): Promise<void> {
    await new Promise<void>((resolve, reject) => req.session.regenerate((err) => (err ? reject(err) : resolve())));
    req.session.editorId = editor.id;
    req.session.signedInAt = Date.now();
    await recordSignIn(db, editor.id);
  }
}

function renderSignIn(res: Response, status: number, locals: Record<string, unknown>) {
  res.status(status).render('auth/signin', { title: 'Sign in', errors: {}, ...locals });
}
