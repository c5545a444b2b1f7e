import type { ClaimInContext } from '../../db/claims';
import type { Evidence } from '../../db/evidence';
import type { LinkFromClaim } from '../../db/links';
import type { StatusChange } from '../../db/status-changes';
import { claimReview, Publisher } from '../presentation/claim-review';
import { claimWords, excerpt, linkPhrase } from '../presentation/format';
import { statusAsOf } from '../presentation/statuses';
import { claimCard, strengthLabel } from './claim-card';

interface ClaimPageData {
  claim: ClaimInContext;
  links: LinkFromClaim[];
  statusChanges: StatusChange[];
  evidence: Evidence[];
  /** The day asked for with ?as_of, or the message saying why it is not one. */
  asOf: { day: string | null } | { error: string };
}

/** Everything views/claims/show.ejs prints. */
export function presentClaimPage({ claim, links, statusChanges, evidence, asOf }: ClaimPageData, publisher: Publisher) {
  const review = claim.dispute_state === 'published' ? claimReview(claim, publisher) : undefined;
  const day = 'day' in asOf ? asOf.day : null;
  return {
    title: `Claim by ${claim.source_name}`,
    description: excerpt(claim.text, 200),
    structuredData: review ? [review] : [],
    claim,
    cards: [claimCard(claim, evidence, [])],
    links: links.map((link) => ({
      ...link,
      label: linkPhrase(link.type, link.direction === 'outgoing'),
      otherLabel: `${link.other_source_name}: ${claimWords(link.other_text, link.other_is_verbatim, 140)}`,
    })),
    statusChanges: statusChanges.map((change) => ({
      ...change, strength: strengthLabel(change.evidence_strength), decidedBy: change.editor_name || 'the founding editors',
    })),
    asOfDay: day ?? '',
    asOfStatus: day ? { day, change: statusAsOf(statusChanges, day) } : undefined,
    asOfError: 'error' in asOf ? asOf.error : undefined,
  };
}
