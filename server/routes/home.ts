import { Request, Response, Router } from 'express';
import type { Db } from '../../db/knex';
import { listDraftDisputes, listPublishedDisputes } from '../../db/disputes';
import { paginate, pageParam } from '../http/params';

const PER_PAGE = 20;

export function homeRouter(db: Db): Router {
  const router = Router();
  router.get('/', showHome);
  router.get('/statuses', showStatusScale);
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
}
