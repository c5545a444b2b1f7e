import type { Knex } from 'knex';
import type { Db } from './knex';
import type { ClaimStatus } from './claims';

/** Statuses that are a verdict: the claim was checked against evidence. */
export const CHECKED_STATUSES: readonly ClaimStatus[] = ['false', 'misleading', 'partly_true', 'true'];
/** Verdicts that count against a source's track record. */
export const FALSE_OR_MISLEADING: readonly ClaimStatus[] = ['false', 'misleading'];
/** Below this many checked claims a share would say more about chance than about the source. */
export const MIN_CHECKED_FOR_SHARE = 3;

/** A source's published claims: how many, how many checked, and how many of those were found false or misleading. */
export interface ClaimTally {
  claim_count: number;
  checked_count: number;
  false_count: number;
}

// Bound one value at a time: both drivers agree on scalars, not on array parameters.
const placeholders = (values: readonly unknown[]) => values.map(() => '?').join(', ');

function publishedClaims(db: Db) {
  return db('claims as c')
    .join('disputes as d', 'd.id', 'c.dispute_id')
    .whereNull('c.deleted_at')
    .whereNull('d.deleted_at')
    .where('d.state', 'published');
}

/** One row per source with published claims: its claim, checked and false-or-misleading counts (a subquery to join). */
export function publishedClaimTallies(db: Db): Knex.QueryBuilder {
  return publishedClaims(db)
    .groupBy('c.source_id')
    .select(
      'c.source_id',
      db.raw('count(*)::int as claim_count'),
      db.raw(`(count(*) filter (where c.status in (${placeholders(CHECKED_STATUSES)})))::int as checked_count`, [...CHECKED_STATUSES]),
      db.raw(`(count(*) filter (where c.status in (${placeholders(FALSE_OR_MISLEADING)})))::int as false_count`, [...FALSE_OR_MISLEADING]),
    );
}

/** The share found false or misleading over a tallies row aliased `alias`, null below the minimum: SQL and its bindings. */
export function falseShareSql(alias: string): [sql: string, bindings: (string | number)[]] {
  return [
    'case when coalesce(??, 0) >= ? then ??::numeric / ?? end',
    [`${alias}.checked_count`, MIN_CHECKED_FOR_SHARE, `${alias}.false_count`, `${alias}.checked_count`],
  ];
}

/** A source's published claims counted by status, in one grouped query. */
export async function countPublishedClaimsByStatus(db: Db, sourceId: number): Promise<Partial<Record<ClaimStatus, number>>> {
  const rows: { status: ClaimStatus; n: number }[] = await publishedClaims(db)
    .where('c.source_id', sourceId)
    .groupBy('c.status')
    .select('c.status', db.raw('count(*)::int as n'));
  return Object.fromEntries(rows.map((row) => [row.status, row.n]));
}
