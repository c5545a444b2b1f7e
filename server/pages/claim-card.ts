import type { ClaimInContext } from '../../db/claims';
import type { Evidence } from '../../db/evidence';
import { STRENGTH_LABELS } from '../presentation/evidence-labels';
import { formatDay } from '../presentation/format';

/** A link as a claim's card shows it: how it reads from this claim, and the claim at the other end. */
export interface CardLink {
  type: string;
  label: string;
  otherId: number;
  otherSource: string;
}

/** One claim card (views/partials/claim-cards.ejs): the claim, its evidence as numbered, its links. */
export interface ClaimCard {
  claim: ClaimInContext;
  /** How strong the evidence for its verdict is: "" when there is none to speak of. */
  strength: string;
  /** Among whom, when and where the figure counts: "" when the claim says none of it. */
  figureContext: string;
  evidence: (Evidence & { credit: string })[];
  links: CardLink[];
}

export function claimCard(claim: ClaimInContext, evidence: Evidence[], links: CardLink[]): ClaimCard {
  return {
    claim,
    strength: strengthLabel(claim.evidence_strength),
    figureContext: [claim.figure_group, claim.figure_period, claim.figure_place].filter(Boolean).join('; '),
    evidence: evidence.map((item) => ({ ...item, credit: [item.publisher, formatDay(item.published_on)].filter(Boolean).join(', ') })),
    links,
  };
}

/** A verdict's evidence strength in words; "" for none or none recorded, which pages leave unsaid. */
export function strengthLabel(strength: string | null): string {
  return strength && strength !== 'none' ? STRENGTH_LABELS[strength as keyof typeof STRENGTH_LABELS] : '';
}
