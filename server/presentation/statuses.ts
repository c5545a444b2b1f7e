import type { ClaimStatus } from '../../db/claims';
import { escapeHtml } from './format';

export interface StatusMeaning {
  label: string;
  meaning: string;
}

export const STATUS_MEANINGS: Record<ClaimStatus, StatusMeaning> = {
  unverified: { label: 'Unverified', meaning: 'Not yet checked, or checked without a finding so far.' },
  unverifiable: { label: 'Unverifiable', meaning: 'Cannot be checked with evidence that is available now or likely to become available.' },
  contested: { label: 'Contested', meaning: 'Parties give conflicting accounts and independent evidence does not yet settle it.' },
  false: { label: 'False', meaning: 'Independent evidence shows the claim is wrong.' },
  misleading: { label: 'Misleading', meaning: 'Accurate in part, but framed or selected so that it leaves a false impression.' },
  partly_true: { label: 'Partly true', meaning: 'Some of the claim is borne out by evidence and some is not.' },
  true: { label: 'Confirmed', meaning: 'Independent evidence confirms the claim.' },
};

export function statusLabel(status: string): string {
  return STATUS_MEANINGS[status as ClaimStatus]?.label ?? status;
}

/** The coloured status label, as HTML: a helper rather than a partial, as a dispute page shows dozens. */
export function statusBadge(status: string): string {
  return `<span class="status status-${escapeHtml(status)}">${escapeHtml(statusLabel(status))}</span>`;
}

/** The verdict in force at the end of a day (UTC), from a claim's status history; undefined before the first. */
export function statusAsOf<T extends { decided_at: Date | string }>(changes: T[], day: string): T | undefined {
  const endOfDay = new Date(`${day}T23:59:59.999Z`).getTime();
  return changes.filter((change) => new Date(change.decided_at).getTime() <= endOfDay).at(-1);
}
