import { Request, Response, Router } from 'express';
import type { Db } from '../../db/knex';
import { listDraftDisputes, listPublishedDisputes } from '../../db/disputes';
import { paginate, pageParam } from '../http/params';

const PER_PAGE = 20;
const HEALTH_TIMEOUT_MS = 2000;

export function homeRouter(db: Db): Router {
  const router = Router();
  router.get('/', showHome);
  router.get('/statuses', showStatusScale);
  router.get('/healthz', health);
  return router;

  async function showHome(req: Request, res: Response) {
    const page = pageParam(req.query.page);
    const disputes = paginate(await listPublishedDisputes(db, page, PER_PAGE), page, PER_PAGE);
    const drafts = res.locals.editor && page === 1 ? await listDraftDisputes(db) : [];
    res.render('home', { title: 'Disputed claims, side by side', disputes, drafts });
  }

  function showStatusScale(_req: Request, res: Response) {
    res.render('statuses', { title: 'Verification statuses' });
  }

  async function health(_req: Request, res: Response) {
    const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), HEALTH_TIMEOUT_MS).unref());
    try {
      await Promise.race([db.raw('select 1'), timeout]);
      res.json({ status: 'ok', database: 'up' });
    } catch {
      res.status(503).json({ status: 'unavailable', database: 'down' });
    }
  }
}
