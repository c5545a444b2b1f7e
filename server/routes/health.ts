import { Request, Response, Router } from 'express';
import type { Db } from '../../db/knex';
import { isSchemaCurrent } from '../../db/migrate';

// A probe must answer quickly even when the database does not.
const PROBE_TIMEOUT_MS = 2000;

/** Probes for a process manager or load balancer: liveness and readiness. */
export function healthRouter(db: Db): Router {
  const router = Router();
  router.get('/healthz', health);
  router.get('/readyz', readiness);
  return router;

  async function health(_req: Request, res: Response) {
    res.set('Cache-Control', 'no-store');
    try {
      await withinProbeTime(db.raw('select 1'));
      res.json({ status: 'ok', database: 'up' });
    } catch {
      res.status(503).json({ status: 'unavailable', database: 'down' });
    }
  }

  // Ready to take traffic: the database answers and has every migration this code expects.
  async function readiness(_req: Request, res: Response) {
    res.set('Cache-Control', 'no-store');
    let current: boolean;
    try {
      current = await withinProbeTime(isSchemaCurrent(db));
    } catch {
      return res.status(503).json({ status: 'unavailable', database: 'down' });
    }
    if (!current) return res.status(503).json({ status: 'unavailable', database: 'up', schema: 'behind' });
    res.json({ status: 'ok', database: 'up', schema: 'current' });
  }
}

function withinProbeTime<T>(work: PromiseLike<T>): Promise<T> {
  const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), PROBE_TIMEOUT_MS).unref());
  return Promise.race([Promise.resolve(work), timeout]);
}
