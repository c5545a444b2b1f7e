import type { DisputeWithPositions } from '../../db/disputes';
import type { PublicStatusChange } from '../../db/status-changes';
import { claimWords } from '../presentation/format';
import { statusLabel } from '../presentation/statuses';

// An empty feed says it was last updated at the epoch: Atom requires a date.
const NEVER = new Date(0);

/** The disputes feed (views/feeds/disputes.ejs): a dispute with no summary is summed up by its positions. */
export function presentDisputesFeed(disputes: DisputeWithPositions[]) {
  return {
    updated: disputes[0]?.updated_at ?? NEVER,
    entries: disputes.map((dispute) => ({
      dispute,
      published: dispute.published_at || dispute.created_at,
      summary: dispute.summary || dispute.positions.map((p) => p.label).join(' vs '),
    })),
  };
}

/** The verdicts feed (views/feeds/status-changes.ejs): each titled by who said what and the change of status. */
export function presentStatusChangesFeed(changes: PublicStatusChange[]) {
  return {
    updated: changes[0]?.decided_at ?? NEVER,
    entries: changes.map((change) => ({
      change,
      title: `${change.source_name}: ${claimWords(change.claim_text, change.claim_is_verbatim, 100)} — `
        + `${change.from_status ? `${statusLabel(change.from_status)} → ` : ''}${statusLabel(change.to_status)}`,
    })),
  };
}
