import type { ClaimInContext } from '../../db/claims';
import type { DisputePage } from '../../db/dispute-pages';
import type { Evidence } from '../../db/evidence';
import type { ClaimLink } from '../../db/links';
import type { StatusChange } from '../../db/status-changes';
import { claimReviews, Publisher } from '../presentation/claim-review';
import { numberLines } from '../presentation/figures';
import { claimWords, linkPhrase } from '../presentation/format';
import { CardLink, claimCard } from './claim-card';
import { drawLine } from './number-line';

/** One end of a link in the table of how the claims relate. */
interface LinkEnd {
  id: number;
  label: string;
}

type TimelineEvent =
  | { kind: 'claim'; date: string; precision: string; claim: ClaimInContext; words: string }
  | { kind: 'status'; date: string; precision: string; claim: ClaimInContext; change: StatusChange };

/** Everything views/disputes/show.ejs prints, from the dispute's page document. */
export function presentDisputePage({ dispute, positions, claims, links, evidence, statusChanges }: DisputePage, publisher: Publisher) {
  const claimsById = new Map(claims.map((c) => [c.id, c]));
  const evidenceOf = groupBy(evidence, (e) => e.claim_id);
  const lines = numberLines(claims).map(drawLine);
  return {
    title: dispute.title,
    description: dispute.summary || dispute.title,
    structuredData: dispute.state === 'published' ? claimReviews(claims, publisher) : [],
    dispute,
    // The stylesheet lays out at most four positions side by side.
    columnCount: Math.min(positions.length, 4),
    columns: positions.map((position) => ({
      position,
      cards: claims.filter((c) => c.position_id === position.id)
        .map((claim) => claimCard(claim, evidenceOf.get(claim.id) ?? [], linksOf(claim.id, links, claimsById))),
    })),
    lines,
    measures: lines.length > 1 ? lines.map((l) => l.measure).join('; ') : '',
    relations: links.map((link) => ({
      type: link.type,
      note: link.note,
      from: linkEnd(claimsById.get(link.from_claim_id)!),
      to: linkEnd(claimsById.get(link.to_claim_id)!),
    })),
    timeline: timelineOf(claims, statusChanges, claimsById),
  };
}

function linksOf(claimId: number, links: ClaimLink[], claimsById: Map<number, ClaimInContext>): CardLink[] {
  return links
    .filter((l) => l.from_claim_id === claimId || l.to_claim_id === claimId)
    .map((l) => {
      const outgoing = l.from_claim_id === claimId;
      const other = claimsById.get(outgoing ? l.to_claim_id : l.from_claim_id)!;
      return { type: l.type, label: linkPhrase(l.type, outgoing), otherId: other.id, otherSource: other.source_name };
    });
}

function linkEnd(claim: ClaimInContext): LinkEnd {
  return { id: claim.id, label: `${claim.source_name}: ${claimWords(claim.text, claim.is_verbatim, 90)}` };
}

// Claims on the day they were made and verdicts on the day they were reached, in date order; a
// claim comes before a verdict of the same day.
function timelineOf(claims: ClaimInContext[], statusChanges: StatusChange[], claimsById: Map<number, ClaimInContext>): TimelineEvent[] {
  const events: TimelineEvent[] = claims.map((claim) => ({
    kind: 'claim', date: claim.said_on, precision: claim.said_on_precision, claim, words: claimWords(claim.text, claim.is_verbatim, 120),
  }));
  for (const change of statusChanges) {
    const claim = claimsById.get(change.claim_id);
    if (claim) events.push({ kind: 'status', date: new Date(change.decided_at).toISOString().slice(0, 10), precision: 'day', claim, change });
  }
  return events.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.kind === 'claim' ? -1 : 1));
}

function groupBy(items: Evidence[], keyOf: (item: Evidence) => number): Map<number, Evidence[]> {
  const groups = new Map<number, Evidence[]>();
  for (const item of items) {
    const group = groups.get(keyOf(item));
    if (group) group.push(item);
    else groups.set(keyOf(item), [item]);
  }
  return groups;
}
