import type { Knex } from 'knex';
import type { Db } from './knex';
import { ClaimInContext, inContext } from './claims';

export interface SearchFilters {
  words: string[];
  status: string | null;
  sourceId: number | null;
  from: string | null;
  to: string | null;
}

export interface ClaimHit extends ClaimInContext {
  rank: number;
}

/** A word as the index's 'simple' prefix: long words lose their ending, so "втратив" finds "втратили". */
export function searchPrefix(word: string): string {
  const lower = word.toLowerCase();
  if (lower.length >= 6) return lower.slice(0, -2);
  if (lower.length >= 4) return lower.slice(0, -1);
  return lower;
}

// Every word must match, either stemmed (Russian and English) or as a prefix (any language).
// Words are letters and digits only, so the prefix is safe inside to_tsquery.
function matchQuery(db: Db | Knex, words: string[]): Knex.Raw {
  const parts = words.map(() => "(plainto_tsquery('russian', ?) || to_tsquery('simple', ?))");
  const bindings = words.flatMap((word) => [word, `${searchPrefix(word)}:*`]);
  return db.raw(parts.join(' && '), bindings);
}

/** Published claims matching every word, best first, with a look-ahead row for paging. */
export async function searchClaims(db: Db, filters: SearchFilters, page: number, perPage: number): Promise<ClaimHit[]> {
  const query = matchQuery(db, filters.words);
  const rows = inContext(db, false)
    .whereRaw('c.search_vector @@ (?)', [query])
    .select(db.raw('ts_rank(c.search_vector, (?)) as rank', [query]))
    .orderBy([{ column: 'rank', order: 'desc' }, { column: 'c.said_on', order: 'desc' }, { column: 'c.id', order: 'desc' }])
    .limit(perPage + 1)
    .offset((page - 1) * perPage);
  if (filters.status) rows.where('c.status', filters.status);
  if (filters.sourceId) rows.where('c.source_id', filters.sourceId);
  if (filters.from) rows.where('c.said_on', '>=', filters.from);
  if (filters.to) rows.where('c.said_on', '<=', filters.to);
  return rows;
}

/** Published disputes and live sources whose titles or names match: shown above the claims. */
export async function searchDisputesAndSources(db: Db, words: string[]) {
  const query = matchQuery(db, words);
  const [disputes, sources] = await Promise.all([
    db('disputes').whereNull('deleted_at').where('state', 'published').whereRaw('search_vector @@ (?)', [query])
      .orderByRaw('ts_rank(search_vector, (?)) desc', [query]).limit(10).select('slug', 'title'),
    db('sources').whereNull('deleted_at').whereRaw('search_vector @@ (?)', [query])
      .orderByRaw('ts_rank(search_vector, (?)) desc', [query]).limit(10).select('slug', 'name', 'kind'),
  ]);
  return { disputes: disputes as { slug: string; title: string }[], sources: sources as { slug: string; name: string; kind: string }[] };
}
