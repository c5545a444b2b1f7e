import { Request, Response, Router } from 'express';
import type { Logger } from 'pino';
import type { Db } from '../../db/knex';
import { createEditor, listEditors, updateEditorAccess } from '../../db/editors';
import { found } from '../errors';
import { parseEditorAccount, parseRole } from '../forms/editor-account';
import { requireAdmin } from '../http/auth';
import { redirectWithNotice } from '../http/notices';
import { idParam } from '../http/params';
import { attemptSave, failureErrors, failureMessage } from '../http/saving';
import type { FormState } from '../http/versioned-save';
import { hashPassword } from '../lib/passwords';

/** Editor accounts, managed by admins: create, change role, disable and enable. */
export function editorsRouter(db: Db, logger: Logger): Router {
  const router = Router();
  router.use('/admin', requireAdmin(logger));
  router.get('/admin/editors', showEditors);
  router.post('/admin/editors', createEditorAccount);
  router.post('/admin/editors/:id/role', changeRole);
  router.post('/admin/editors/:id/disable', (req, res) => changeAccess(req, res, { disabled: true }));
  router.post('/admin/editors/:id/enable', (req, res) => changeAccess(req, res, { disabled: false }));
  return router;

  async function showEditors(_req: Request, res: Response) {
    await renderPage(res, 200, { values: { role: 'editor' }, errors: {} });
  }

  async function createEditorAccount(req: Request, res: Response) {
    const parsed = parseEditorAccount(req.body);
    if (!parsed.ok) return renderPage(res, 422, { values: req.body, errors: parsed.errors });
    const { password, ...account } = parsed.value;
    const passwordHash = await hashPassword(password);
    const saved = await attemptSave(() => createEditor(db, { ...account, password_hash: passwordHash }));
    if (saved.kind !== 'saved') return renderPage(res, 422, { values: req.body, errors: failureErrors(saved) });
    const editor = saved.value;
    logger.info({ event: 'editor_created', editorId: editor.id, role: editor.role, by: res.locals.editor?.id }, 'security');
    redirectWithNotice(req, res, '/admin/editors', `Account created for ${editor.name}. Give them their password in person.`);
  }

  async function changeRole(req: Request, res: Response) {
    idParam(req.params.id); // an address that names no account is a 404, whatever the form says
    const parsed = parseRole(req.body);
    if (!parsed.ok) return redirectWithNotice(req, res, '/admin/editors', parsed.errors.role);
    await changeAccess(req, res, { role: parsed.value.role });
  }

  async function changeAccess(req: Request, res: Response, change: { role?: 'editor' | 'admin'; disabled?: boolean }) {
    const id = idParam(req.params.id);
    const saved = await attemptSave(() => updateEditorAccess(db, id, change));
    if (saved.kind !== 'saved') return redirectWithNotice(req, res, '/admin/editors', failureMessage(saved));
    const editor = found(saved.value);
    logger.info({ event: 'editor_access_changed', editorId: editor.id, ...change, by: res.locals.editor?.id }, 'security');
    redirectWithNotice(req, res, '/admin/editors', `${editor.name}: ${editor.disabled_at ? 'disabled' : editor.role}.`);
  }

  async function renderPage(res: Response, status: number, locals: Omit<FormState, 'merge'>) {
    res.status(status).render('editors/index', { title: 'Editor accounts', editors: await listEditors(db), ...locals });
  }
}
