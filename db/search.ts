import type { Knex } from 'knex';
import type { Db } from './knex';
import { ClaimInContext, DatePrecision, inContext } from './claims';

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

// Every word must match, stemmed (Russian and English) or, if Cyrillic, as a prefix (Ukrainian).
// Latin-script words get no prefix: the 'russian' configuration stems them with the English
// stemmer, and a prefix costs the index twice what an exact word does. Words are letters and
// digits only, so the prefix is safe inside to_tsquery.
function matchQuery(db: Db | Knex, words: string[]): Knex.Raw {
  const cyrillic = (word: string) => /\p{Script=Cyrillic}/u.test(word);
  const parts = words.map((word) => (cyrillic(word) ? "(plainto_tsquery('russian', ?) || to_tsquery('simple', ?))" : "plainto_tsquery('russian', ?)"));
  const bindings = words.flatMap((word) => (cyrillic(word) ? [word, `${searchPrefix(word)}:*`] : [word]));
  return db.raw(parts.join(' && '), bindings);
}

/*
 * A common word can match tens of thousands of claims, and ranking costs a read of each
 * one's search vector: at a million claims, 0.6 s for one query. So matches are gathered
 * first, unranked and capped (the index yields them cheaply), and only those are ranked.
 * When the cap is reached the page says so, and the reader can narrow the search.
 */
export const CANDIDATE_LIMIT = 500;
const NAMED_MATCH_LIMIT = 200;

export interface ClaimSearch {
  hits: ClaimHit[];
  /** More claims match than were ranked. */
  capped: boolean;
  /** The sources of the ranked matches, most frequent first: the search form's source filter. */
  sources: SourceFacet[];
}

export interface SourceFacet {
  id: number;
  name: string;
  claims: number;
}

// Claims a reader may see that match every word and the filters, each ranked as it is read:
// at most the cap, plus one to tell. Hidden disputes are few, so they are left out by a small
// lookup rather than a join: the claims table stays the one way in, through its full-text index.
function candidates(db: Db, filters: SearchFilters, query: Knex.Raw): Knex.QueryBuilder {
  const hiddenDisputes = db('disputes').select('id').where((q) => q.whereNot('state', 'published').orWhereNotNull('deleted_at'));
  const rows = db('claims as m')
    .whereNull('m.deleted_at')
    .whereRaw('m.search_vector @@ (?)', [query])
    .whereNotIn('m.dispute_id', hiddenDisputes)
    .select('m.id', 'm.said_on', 'm.source_id', db.raw('ts_rank(m.search_vector, (?)) as rank', [query]))
    .limit(CANDIDATE_LIMIT + 1);
  if (filters.status) rows.where('m.status', filters.status);
  if (filters.sourceId) rows.where('m.source_id', filters.sourceId);
  if (filters.from) rows.where('m.said_on', '>=', filters.from);
  if (filters.to) rows.where('m.said_on', '<=', filters.to);
  return rows;
}

/**
 * One page of matching claims, best first among the candidates, with a look-ahead row for
 * paging; only that page's claims are joined with their sources and disputes. The source
 * facets ride along on every row, counted once from the same candidates.
 */
export async function searchClaims(db: Db, filters: SearchFilters, page: number, perPage: number, facets: number): Promise<ClaimSearch> {
  const query = matchQuery(db, filters.words);
  const best = db('candidates')
    .select('id', 'rank')
    .orderBy([{ column: 'rank', order: 'desc' }, { column: 'said_on', order: 'desc' }, { column: 'id', order: 'desc' }])
    .limit(perPage + 1)
    .offset((page - 1) * perPage);
  // Counted first, then named: only the sources shown are looked up.
  const counted = db('candidates').groupBy('source_id').select('source_id', db.raw('count(*) as claims'))
    .orderBy([{ column: 'claims', order: 'desc' }, { column: 'source_id' }]).limit(facets);
  const sourceFacets = db.from(counted.as('counted'))
    .join('sources as fs', 'fs.id', 'counted.source_id')
    .select('fs.id', 'fs.name', 'counted.claims')
    .orderBy([{ column: 'counted.claims', order: 'desc' }, { column: 'fs.name' }]);
  const rows: (ClaimHit & { candidate_count: number; source_facets: SourceFacet[] | null })[] = await withoutOrderedScans(db, (trx) => inContext(trx, false)
    .with('candidates', candidates(trx, filters, query))
    .with('best', best)
    .join('best as b', 'b.id', 'c.id')
    .select(
      'b.rank',
      db.raw('(select count(*) from candidates) as candidate_count'),
      db.raw('(select json_agg(f) from (?) f) as source_facets', [sourceFacets]),
    )
    .orderBy([{ column: 'b.rank', order: 'desc' }, { column: 'c.said_on', order: 'desc' }, { column: 'c.id', order: 'desc' }]));
  const [first] = rows;
  return {
    hits: rows.map(({ candidate_count: _count, source_facets: _facets, ...hit }) => hit),
    capped: Boolean(first) && Number(first.candidate_count) > CANDIDATE_LIMIT,
    sources: (first?.source_facets ?? []).map((f) => ({ ...f, claims: Number(f.claims) })),
  };
}

/*
 * Given a LIMIT, the planner likes to read claims in some order (the table's, or an index's)
 * until enough of them match: quick when its guess of how many match is right, 0.1–0.4 s at
 * a million claims when it is not. The full-text index finds every match at once, then only
 * the rows needed are read: never slow. So, for this one transaction, plain and index scans
 * are off; bitmap scans, which the full-text index and the joins use, stay on.
 */
function withoutOrderedScans<T>(db: Db, run: (trx: Knex.Transaction) => PromiseLike<T>): Promise<T> {
  return db.transaction(async (trx) => {
    await trx.raw('set local enable_seqscan = off');
    await trx.raw('set local enable_indexscan = off');
    return run(trx);
  });
}

/** Published disputes and live sources whose titles or names match: shown above the claims. */
export async function searchDisputesAndSources(db: Db, words: string[]) {
  const query = matchQuery(db, words);
  // Ranked among a capped set of matches, as claims are.
  const best = (matches: Knex.QueryBuilder, columns: string[]) => db
    .from(matches.whereRaw('search_vector @@ (?)', [query]).limit(NAMED_MATCH_LIMIT).as('named'))
    .orderByRaw('ts_rank(search_vector, (?)) desc', [query])
    .limit(10)
    .select(columns);
  const [disputes, sources] = await Promise.all([
    best(db('disputes').whereNull('deleted_at').where('state', 'published').select('slug', 'title', 'search_vector'), ['slug', 'title']),
    best(db('sources').whereNull('deleted_at').select('slug', 'name', 'kind', 'search_vector'), ['slug', 'name', 'kind']),
  ]);
  return { disputes: disputes as { slug: string; title: string }[], sources: sources as { slug: string; name: string; kind: string }[] };
}

export interface DocumentHit {
  id: number;
  title: string;
  authors: string;
  published_on: string | null;
  published_on_precision: DatePrecision | null;
  publisher_name: string | null;
}

/**
 * Live documents whose title, authors or text match, best first. A document whose text is not
 * public is found by its title and authors only: a match in its text would tell readers its words.
 */
export async function searchDocuments(db: Db, words: string[]): Promise<DocumentHit[]> {
  const query = matchQuery(db, words);
  const heading = "(to_tsvector('russian', doc.title || ' ' || doc.authors) || to_tsvector('simple', doc.title || ' ' || doc.authors))";
  const matches = db('documents as doc')
    .whereNull('doc.deleted_at')
    .whereRaw('doc.search_vector @@ (?)', [query])
    .where((q) => q.where('doc.full_text_public', true).orWhereRaw(`${heading} @@ (?)`, [query]))
    .select('doc.id', 'doc.search_vector')
    .limit(NAMED_MATCH_LIMIT);
  return db
    .from(matches.as('named'))
    .join('documents as d', 'd.id', 'named.id')
    .leftJoin('sources as pub', 'pub.id', 'd.publisher_id')
    .orderByRaw('ts_rank(named.search_vector, (?)) desc, d.id desc', [query])
    .limit(10)
    .select('d.id', 'd.title', 'd.authors', 'd.published_on', 'd.published_on_precision', 'pub.name as publisher_name');
}
