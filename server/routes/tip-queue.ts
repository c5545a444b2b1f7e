import { Request, Response, Router } from 'express';
import type { Logger } from 'pino';
import type { Db } from '../../db/knex';
import { countOpenTips, findTip, handleTip, listHandledTips, listOpenTips, TipDecision, TipInQueue } from '../../db/tips';
import { found } from '../errors';
import type { FormResult } from '../forms/fields';
import { parseAcceptTip, parseDismissTip } from '../forms/tip-decision';
import { requireEditor } from '../http/auth';
import { redirectWithNotice } from '../http/notices';
import { idParam, pageParam, paginate } from '../http/params';

const PER_PAGE = 50;

/** The editors' moderation queue for readers' tips: open ones to handle, handled ones for the record. */
export function tipQueueRouter(db: Db, logger: Logger): Router {
  const router = Router();
  router.use('/tips', requireEditor(logger));
  router.get('/tips', showOpenTips);
  router.get('/tips/handled', showHandledTips);
  router.get('/tips/:id', showTip);
  router.post('/tips/:id/accept', decide(parseAcceptTip, 'Tip accepted.'));
  router.post('/tips/:id/dismiss', decide(parseDismissTip, 'Tip dismissed.'));
  return router;

  async function loadTip(req: Request): Promise<TipInQueue> {
    return found(await findTip(db, idParam(req.params.id)));
  }

  async function showOpenTips(req: Request, res: Response) {
    const page = pageParam(req.query.page);
    const [tips, openCount] = await Promise.all([listOpenTips(db, page, PER_PAGE), countOpenTips(db)]);
    res.render('tips/index', { title: 'Tips from readers', tips: paginate(tips, page, PER_PAGE), handled: false, openCount });
  }

  async function showHandledTips(req: Request, res: Response) {
    const page = pageParam(req.query.page);
    const [tips, openCount] = await Promise.all([listHandledTips(db, page, PER_PAGE), countOpenTips(db)]);
    res.render('tips/index', { title: 'Handled tips', tips: paginate(tips, page, PER_PAGE), handled: true, openCount });
  }

  async function showTip(req: Request, res: Response) {
    renderTip(res, 200, await loadTip(req), {});
  }

  function decide(parse: (body: unknown) => FormResult<TipDecision>, notice: string) {
    return async (req: Request, res: Response) => {
      const tip = await loadTip(req);
      const parsed = parse(req.body);
      if (!parsed.ok) return renderTip(res, 422, tip, { values: req.body, errors: parsed.errors });
      const handled = await handleTip(db, tip.id, parsed.value, res.locals.editor!.id);
      if (!handled) return redirectWithNotice(req, res, `/tips/${tip.id}`, 'Someone else handled this tip meanwhile; their decision is shown below.');
      redirectWithNotice(req, res, '/tips', notice);
    };
  }

  function renderTip(res: Response, status: number, tip: TipInQueue, locals: { values?: Record<string, unknown>; errors?: Record<string, string> }) {
    res.status(status).render('tips/show', { title: `Tip ${tip.id}`, tip, values: {}, errors: {}, ...locals });
  }
}
