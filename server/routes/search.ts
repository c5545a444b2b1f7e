import { Request, Response, Router } from 'express';
import type { Db } from '../../db/knex';
import { CANDIDATE_LIMIT, DocumentHit, searchClaims, searchDisputesAndSources, searchDocuments, searchPrefix, SourceFacet } from '../../db/search';
import { formatDay } from '../presentation/format';
import { findSourceOption } from '../../db/sources';
import { chosenSource, parseSearch } from '../forms/search';
import { pageParam, paginate } from '../http/params';

const PER_PAGE = 20;
// The source filter offers the sources of the matching claims, not every source: an archive
// has thousands, too many for a list and too costly to send with every search.
const SOURCE_FACETS = 50;

/** Full-text search over published claims, disputes, sources and documents. */
export function searchRouter(db: Db): Router {
  const router = Router();
  router.get('/search', search);
  return router;

  async function search(req: Request, res: Response) {
    const page = pageParam(req.query.page);
    const parsed = parseSearch(req.query);
    const values = req.query;
    if (!parsed.ok) {
      const sources = await withChosenSource([], chosenSource(req.query));
      return res.status(400).render('search', { title: 'Search', values, errors: parsed.errors, sources, results: undefined });
    }
    const filters = parsed.value;
    if (filters.words.length === 0) {
      return res.render('search', { title: 'Search', values, errors: {}, sources: await withChosenSource([], filters.sourceId), results: undefined });
    }
    const [claims, others, documents] = await Promise.all([
      searchClaims(db, filters, page, PER_PAGE, SOURCE_FACETS), searchDisputesAndSources(db, filters.words), searchDocuments(db, filters.words),
    ]);
    const results = {
      claims: paginate(claims.hits, page, PER_PAGE), capped: claims.capped, candidateLimit: CANDIDATE_LIMIT,
      ...others, documents: documents.map(documentHit), prefixes: filters.words.map(searchPrefix),
    };
    const sources = await withChosenSource(claims.sources, filters.sourceId);
    res.render('search', { title: `Search: ${filters.words.join(' ')}`, values, errors: {}, sources, results, pageQuery: pageQuery(req) });
  }

  // The chosen source stays in the list even when none of its claims match.
  async function withChosenSource(facets: SourceFacet[], sourceId: number | null): Promise<{ id: number; name: string; claims?: number }[]> {
    if (sourceId === null || facets.some((f) => f.id === sourceId)) return facets;
    const chosen = await findSourceOption(db, sourceId);
    return chosen ? [...facets, chosen] : facets;
  }
}

// A found document as the results list it: its title, then publisher and date (at its precision) when known.
function documentHit(document: DocumentHit) {
  return { id: document.id, title: document.title, credit: [document.publisher_name, formatDay(document.published_on, document.published_on_precision ?? undefined)].filter(Boolean).join(', ') };
}

// The current query string without its page number, for the pagination links.
function pageQuery(req: Request): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(req.query)) {
    if (key !== 'page' && typeof value === 'string' && value !== '') params.set(key, value);
  }
  return params.toString();
}
