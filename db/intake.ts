import { createAnchor } from './anchors';
import { ClaimInput, createClaim, FigureInput, StatusInput } from './claims';
import { createDispute, DisputeInput, listPositions } from './disputes';
import type { Db } from './knex';
import { createLink, LinkType } from './links';
import type { Authorship } from './revisions';
import { createSource, SourceKind } from './sources';

/** A source typed on the intake page; `key` is how claims refer to it before it has an id. */
export interface NewSpeaker {
  key: string;
  slug: string;
  name: string;
  kind: SourceKind;
}

/** One kept candidate as rows to write: the claim, its first verdict and its passage (code points). */
export interface IntakeClaim {
  source: { id: number } | { newKey: string };
  position: { id: number } | { newIndex: number };
  claim: Omit<ClaimInput, 'position_id' | 'source_id'> & StatusInput & Partial<FigureInput>;
  anchor: { start_offset: number; end_offset: number };
}

export interface IntakePlan {
  documentId: number;
  dispute: { id: number } | { create: DisputeInput & { slug: string; positions: string[] } };
  newSpeakers: NewSpeaker[];
  claims: IntakeClaim[];
  /** Between claims, by their place in `claims`. */
  links: { from: number; to: number; type: LinkType }[];
}

/**
 * Everything an intake page decided, in one transaction: new speakers, a new dispute with its
 * positions, the claims with their first verdicts and anchors, and the links between them.
 * Any refusal undoes all of it.
 */
export async function saveIntake(db: Db, plan: IntakePlan, by: Authorship): Promise<{ disputeSlug: string; claimIds: number[] }> {
  return db.transaction(async (trx) => {
    const sourceIds = new Map<string, number>();
    for (const speaker of plan.newSpeakers) {
      const row = await createSource(trx, { slug: speaker.slug, name: speaker.name, kind: speaker.kind, description: '', affiliation_id: null, url: null }, by);
      sourceIds.set(speaker.key, row.id);
    }
    const disputeId = 'id' in plan.dispute ? plan.dispute.id : (await createDispute(trx, plan.dispute.create, by)).id;
    const positions = await listPositions(trx, disputeId);
    const claimIds: number[] = [];
    for (const item of plan.claims) {
      const source_id = 'id' in item.source ? item.source.id : sourceIds.get(item.source.newKey)!;
      const position_id = 'id' in item.position ? item.position.id : positions[item.position.newIndex].id;
      const claim = await createClaim(trx, disputeId, { ...item.claim, source_id, position_id }, by);
      await createAnchor(trx, claim.id, { document_id: plan.documentId, ...item.anchor, is_translation: false }, by);
      claimIds.push(claim.id);
    }
    for (const link of plan.links) {
      await createLink(trx, { from_claim_id: claimIds[link.from], to_claim_id: claimIds[link.to], type: link.type, note: '' }, by);
    }
    const { slug } = await trx('disputes').where('id', disputeId).first('slug');
    return { disputeSlug: slug as string, claimIds };
  });
}
