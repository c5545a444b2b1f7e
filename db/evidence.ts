import type { Knex } from 'knex';
import type { Db } from './knex';
import { touchDispute } from './disputes';
import { Authorship, patchFromSnapshot, recordRevision, snapshotFields, updateVersioned } from './revisions';

export const EVIDENCE_KINDS = [
  'official_statement', 'independent_report', 'document', 'photo_video', 'satellite_imagery', 'geolocation', 'casualty_list', 'other',
] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];
export const BEARINGS = ['supports', 'refutes', 'context'] as const;
export type Bearing = (typeof BEARINGS)[number];

export interface EvidenceInput {
  kind: EvidenceKind;
  title: string;
  url: string | null;
  archive_url: string | null;
  publisher: string;
  published_on: string | null;
  description: string;
  bearing: Bearing;
}

export interface Evidence extends EvidenceInput {
  id: number;
  claim_id: number;
  number: number;
  version: number;
  created_at: Date;
  updated_at: Date;
  deleted_at: Date | null;
}

const EDITABLE_FIELDS = ['kind', 'title', 'url', 'archive_url', 'publisher', 'published_on', 'description', 'bearing'] as const;

function snapshotOf(row: Evidence): Record<string, unknown> {
  return snapshotFields(row, ['claim_id', 'number', ...EDITABLE_FIELDS]);
}

export async function findEvidence(db: Db, id: number): Promise<Evidence | undefined> {
  return db('evidence').where({ id }).whereNull('deleted_at').first();
}

/** Live evidence of these claims, by claim and number: one query for a whole dispute page. */
export async function listEvidenceOfClaims(db: Db, claimIds: number[]): Promise<Evidence[]> {
  if (claimIds.length === 0) return [];
  return db('evidence').whereIn('claim_id', claimIds).whereNull('deleted_at').orderBy(['claim_id', 'number']);
}

export async function createEvidence(db: Db, claimId: number, input: EvidenceInput, by: Authorship): Promise<Evidence> {
  return db.transaction(async (trx) => {
    // Lock the claim row so two editors adding evidence at once do not take the same number.
    const claim = await trx('claims').where('id', claimId).forUpdate().first('dispute_id');
    const highest = await trx('evidence').where('claim_id', claimId).max({ max: 'number' }).first();
    const [row] = await trx('evidence')
      .insert({ ...input, claim_id: claimId, number: Number(highest?.max ?? 0) + 1, created_by: by.editorId, updated_by: by.editorId })
      .returning('*');
    await afterEvidenceSaved(trx, row, claim.dispute_id, by);
    return row as Evidence;
  });
}

export function updateEvidence(db: Db, id: number, version: number, input: EvidenceInput, by: Authorship): Promise<Evidence> {
  return saveEvidence(db, id, version, { ...input }, by);
}

export function revertEvidence(db: Db, id: number, version: number, snapshot: Record<string, unknown>, by: Authorship): Promise<Evidence> {
  return saveEvidence(db, id, version, patchFromSnapshot(snapshot, EDITABLE_FIELDS), by);
}

/** Hides an evidence item; its number is never reused, so citations elsewhere stay right. */
export function deleteEvidence(db: Db, id: number, version: number, by: Authorship): Promise<Evidence> {
  return saveEvidence(db, id, version, { deleted_at: new Date() }, by);
}

async function saveEvidence(db: Db, id: number, version: number, patch: Record<string, unknown>, by: Authorship): Promise<Evidence> {
  return db.transaction(async (trx) => {
    const row = await updateVersioned<Evidence>(trx, 'evidence', id, version, patch, by.editorId);
    const claim = await trx('claims').where('id', row.claim_id).first('dispute_id');
    await afterEvidenceSaved(trx, row, claim.dispute_id, by);
    return row;
  });
}

async function afterEvidenceSaved(trx: Knex.Transaction, row: Evidence, disputeId: number, by: Authorship): Promise<void> {
  await recordRevision(trx, 'evidence', row, snapshotOf(row), by);
  await touchDispute(trx, disputeId);
}
