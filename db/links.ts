import type { Knex } from 'knex';
import type { Db } from './knex';
import { touchDispute } from './disputes';
import { Authorship, patchFromSnapshot, recordRevision, snapshotFields, updateVersioned } from './revisions';

export const LINK_TYPES = ['contradicts', 'supports', 'qualifies'] as const;
export type LinkType = (typeof LINK_TYPES)[number];

export interface ClaimLink {
  id: number;
  from_claim_id: number;
  to_claim_id: number;
  type: LinkType;
  note: string;
  version: number;
  created_at: Date;
  deleted_at: Date | null;
}

/** A link seen from one claim: the claim at the other end, and which way the link points. */
export interface LinkFromClaim extends ClaimLink {
  direction: 'outgoing' | 'incoming';
  other_claim_id: number;
  other_text: string;
  other_is_verbatim: boolean;
  other_source_name: string;
  other_dispute_slug: string;
}

export interface LinkInput {
  from_claim_id: number;
  to_claim_id: number;
  type: LinkType;
  note: string;
}

function snapshotOf(row: ClaimLink): Record<string, unknown> {
  return snapshotFields(row, ['from_claim_id', 'to_claim_id', 'type', 'note']);
}

/** Every live link touching a claim, in both directions, with the other claim described. */
export async function listLinksOfClaim(db: Db, claimId: number, includeDrafts: boolean): Promise<LinkFromClaim[]> {
  const query = db('claim_links as l')
    .join('claims as o', function joinOther() {
      this.on(db.raw('o.id = case when l.from_claim_id = ? then l.to_claim_id else l.from_claim_id end', [claimId]));
    })
    .join('sources as s', 's.id', 'o.source_id')
    .join('disputes as d', 'd.id', 'o.dispute_id')
    .whereNull('l.deleted_at')
    .whereNull('o.deleted_at')
    .whereNull('d.deleted_at')
    .where((q) => q.where('l.from_claim_id', claimId).orWhere('l.to_claim_id', claimId))
    .select(
      'l.*',
      db.raw("case when l.from_claim_id = ? then 'outgoing' else 'incoming' end as direction", [claimId]),
      'o.id as other_claim_id', 'o.text as other_text', 'o.is_verbatim as other_is_verbatim', 's.name as other_source_name', 'd.slug as other_dispute_slug',
    )
    .orderBy('l.id');
  return includeDrafts ? query : query.where('d.state', 'published');
}

export async function findLink(db: Db, id: number): Promise<ClaimLink | undefined> {
  return db('claim_links').where({ id }).whereNull('deleted_at').first();
}

export async function createLink(db: Db, input: LinkInput, by: Authorship): Promise<ClaimLink> {
  return db.transaction(async (trx) => {
    const [row] = await trx('claim_links')
      .insert({ ...input, created_by: by.editorId, updated_by: by.editorId })
      .returning('*');
    await recordRevision(trx, 'link', row, snapshotOf(row), by);
    await touchEnds(trx, row);
    return row as ClaimLink;
  });
}

/** Hides a link from readers; the removal is itself a revision. */
export function removeLink(db: Db, link: ClaimLink, version: number, by: Authorship): Promise<ClaimLink> {
  return saveLink(db, link.id, version, { deleted_at: new Date() }, by);
}

export function revertLink(db: Db, id: number, version: number, snapshot: Record<string, unknown>, by: Authorship): Promise<ClaimLink> {
  return saveLink(db, id, version, patchFromSnapshot(snapshot, ['type', 'note']), by);
}

async function saveLink(db: Db, id: number, version: number, patch: Record<string, unknown>, by: Authorship): Promise<ClaimLink> {
  return db.transaction(async (trx) => {
    const row = await updateVersioned<ClaimLink>(trx, 'claim_links', id, version, patch, by.editorId);
    await recordRevision(trx, 'link', row, snapshotOf(row), by);
    await touchEnds(trx, row);
    return row;
  });
}

// A link shows on the pages of the disputes at both of its ends.
async function touchEnds(trx: Knex.Transaction, link: ClaimLink): Promise<void> {
  const disputeIds: number[] = await trx('claims').whereIn('id', [link.from_claim_id, link.to_claim_id]).distinct().pluck('dispute_id');
  for (const disputeId of disputeIds) await touchDispute(trx, disputeId);
}
