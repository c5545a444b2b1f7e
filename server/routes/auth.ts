import { Request, Response, Router } from 'express';
import type { Logger } from 'pino';
import type { Db } from '../../db/knex';
import { createFirstEditor, hasAnyEditor } from '../../db/editors';
import { NotFound } from '../errors';
import { parseNewEditor, parseSignIn } from '../forms/account';
import { destroySession } from '../http/auth';
import { signInWithPassword, startSession, throttledMessage, WRONG_CREDENTIALS } from '../http/sign-in';
import { localPath } from '../lib/local-path';
import { hashPassword } from '../lib/passwords';

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
    const outcome = await signInWithPassword(db, logger, req, email, password);
    const values = { email, next: req.body.next };
    if (outcome.kind === 'throttled') {
      res.set('Retry-After', String(outcome.retryAfterSeconds));
      return renderSignIn(res, 429, { values, errors: { form: throttledMessage(outcome.retryAfterSeconds) } });
    }
    if (outcome.kind === 'wrong') return renderSignIn(res, 401, { values, errors: { form: WRONG_CREDENTIALS } });
    res.redirect(303, localPath(req.body.next));
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
    await startSession(db, req, editor);
    logger.info({ event: 'first_editor_created', editorId: editor.id, ip: req.ip }, 'security');
    res.redirect(303, '/');
  }
}

function renderSignIn(res: Response, status: number, locals: Record<string, unknown>) {
  res.status(status).render('auth/signin', { title: 'Sign in', errors: {}, ...locals });
}
