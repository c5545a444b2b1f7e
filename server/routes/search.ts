import { Request, Response, Router } from 'express';
import type { Db } from '../../db/knex';
import { searchClaims, searchDisputesAndSources, searchPrefix } from '../../db/search';
import { listSourceOptions } from '../../db/sources';
import { parseSearch } from '../forms/search';
import { pageParam, paginate } from '../http/params';

const PER_PAGE = 20;

/** Full-text search over published claims, disputes and sources. */
export function searchRouter(db: Db): Router {
  const router = Router();
  router.get('/search', search);
  return router;

  async function search(req: Request, res: Response) {
    const page = pageParam(req.query.page);
    const sources = await listSourceOptions(db);
    const parsed = parseSearch(req.query);
    const values = req.query;
    if (!parsed.ok) return res.status(400).render('search', { title: 'Search', values, errors: parsed.errors, sources, results: undefined });
    const filters = parsed.value;
    if (filters.words.length === 0) return res.render('search', { title: 'Search', values, errors: {}, sources, results: undefined });
    const [claims, others] = await Promise.all([searchClaims(db, filters, page, PER_PAGE), searchDisputesAndSources(db, filters.words)]);
    const results = { claims: paginate(claims, page, PER_PAGE), ...others, prefixes: filters.words.map(searchPrefix) };
    res.render('search', { title: `Search: ${filters.words.join(' ')}`, values, errors: {}, sources, results, pageQuery: pageQuery(req) });
  }
}

// The current query string without its page number, for the pagination links.
function pageQuery(req: Request): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(req.query)) {
    if (key !== 'page' && typeof value === 'string' && value !== '') params.set(key, value);
  }
  return params.toString();
}
