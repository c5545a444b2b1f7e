import { CLAIM_STATUSES, ClaimStatus } from '../../db/claims';
import { CHECKED_STATUSES, ClaimTally, FALSE_OR_MISLEADING, MIN_CHECKED_FOR_SHARE } from '../../db/track-records';

/** A source's track record as its pages show it: counts first, a share only when there are enough of them. */
export interface TrackRecord extends ClaimTally {
  byStatus: { status: ClaimStatus; count: number }[];
  /** Whole percent found false or misleading; null when fewer than MIN_CHECKED_FOR_SHARE claims are checked. */
  percent: number | null;
  /** One sentence with the counts the share is computed from, or why there is no share. */
  summary: string;
  /** The same in a few words, for lists. */
  brief: string;
}

const claims = (n: number) => `${n} ${n === 1 ? 'claim' : 'claims'}`;

function summarise(tally: ClaimTally, percent: number | null): string {
  const { checked_count: checked, false_count: found } = tally;
  if (percent !== null) {
    return `${found} of ${checked} checked claims (${percent}%) ${found === 1 ? 'was' : 'were'} found false or misleading.`;
  }
  if (tally.claim_count === 0) return 'No track record yet: it has no published claims.';
  const sofar = checked === 0 ? 'none of its published claims has been checked' : `only ${checked} of its published claims ${checked === 1 ? 'has' : 'have'} been checked so far`;
  return `No track record yet: ${sofar}, and a share is only given from ${MIN_CHECKED_FOR_SHARE} checked claims.`;
}

function abridge({ claim_count: total, checked_count: checked, false_count: found }: ClaimTally, percent: number | null): string {
  if (percent !== null) return `${found} of ${checked} checked claims (${percent}%) false or misleading`;
  if (total === 0) return 'no track record yet';
  return `no track record yet (${claims(checked)} checked; ${MIN_CHECKED_FOR_SHARE} needed)`;
}

function fromTally(tally: ClaimTally, byStatus: TrackRecord['byStatus']): TrackRecord {
  const percent = tally.checked_count >= MIN_CHECKED_FOR_SHARE ? Math.round((100 * tally.false_count) / tally.checked_count) : null;
  return { ...tally, byStatus, percent, summary: summarise(tally, percent), brief: abridge(tally, percent) };
}

/** The track record from a count of published claims per status (countPublishedClaimsByStatus). */
export function trackRecordFromStatusCounts(counts: Partial<Record<ClaimStatus, number>>): TrackRecord {
  const count = (statuses: readonly ClaimStatus[]) => statuses.reduce((sum, status) => sum + (counts[status] ?? 0), 0);
  const byStatus = CLAIM_STATUSES.map((status) => ({ status, count: counts[status] ?? 0 }));
  return fromTally({ claim_count: count(CLAIM_STATUSES), checked_count: count(CHECKED_STATUSES), false_count: count(FALSE_OR_MISLEADING) }, byStatus);
}

/** The track record from a source list row's tally (no per-status counts there). */
export function trackRecordFromTally(tally: ClaimTally): TrackRecord {
  return fromTally(tally, []);
}
