import type { RequestHandler } from 'express';
import type { Db } from '../../db/knex';

/**
 * Benchmark only (BENCH_COUNT_QUERIES=1): every response carries the number of SQL queries
 * the process has sent so far, read when the request arrives. The bench reads it around a
 * series of requests to a page, so queries made after a response (a session touch) count too.
 */
export function countQueries(db: Db): RequestHandler {
  let total = 0;
  db.on('query', () => {
    total += 1;
  });
  return (_req, res, next) => {
    res.setHeader('X-Query-Total', String(total));
    next();
  };
}
