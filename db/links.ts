import type { Db } from './knex';
import { touchDispute } from './disputes';
import { Authorship, recordRevision, updateVersioned } from './revisions';

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
  return { from_claim_id: row.from_claim_id, to_claim_id: row.to_claim_id, type: row.type, note: row.note, deleted: Boolean(row.deleted_at) };
}

/** Live links whose two ends are both among these claims (a dispute page shows only its own). */
export async function listLinksWithin(db: Db, claimIds: number[]): Promise<ClaimLink[]> {
  if (claimIds.length === 0) return [];
  return db('claim_links')
    .whereNull('deleted_at')
    .whereIn('from_claim_id', claimIds)
    .whereIn('to_claim_id', claimIds)
    .orderBy('id');
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
      'o.id as other_claim_id', 'o.text as other_text', 's.name as other_source_name', 'd.slug as other_dispute_slug',
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
    const ends = await trx('claims').whereIn('id', [input.from_claim_id, input.to_claim_id]).distinct().pluck('dispute_id');
    for (const disputeId of ends) await touchDispute(trx, disputeId);
    return row as ClaimLink;
  });
}

/** Hides a link from readers; the removal is itself a revision. */
export async function removeLink(db: Db, link: ClaimLink, version: number, by: Authorship): Promise<void> {
  await db.transaction(async (trx) => {
    const row = await updateVersioned<ClaimLink>(trx, 'claim_links', link.id, version, { deleted_at: trx.fn.now() }, by.editorId);
    await recordRevision(trx, 'link', row, snapshotOf(row), by);
    const ends = await trx('claims').whereIn('id', [row.from_claim_id, row.to_claim_id]).distinct().pluck('dispute_id');
    for (const disputeId of ends) await touchDispute(trx, disputeId);
  });
}
