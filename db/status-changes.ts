import type { Knex } from 'knex';
import type { Db } from './knex';
import type { ClaimStatus } from './claims';

export interface StatusChange {
  id: number;
  claim_id: number;
  from_status: ClaimStatus | null;
  to_status: ClaimStatus;
  rationale: string;
  evidence_strength: string | null;
  editor_id: number | null;
  editor_name: string | null;
  decided_at: Date;
}

export async function insertStatusChange(
  trx: Knex.Transaction,
  change: {
    claim_id: number; from_status: ClaimStatus | null; to_status: ClaimStatus; rationale: string;
    evidence_strength: string | null; editor_id: number | null;
  },
): Promise<void> {
  await trx('status_changes').insert(change);
}

/** A claim's verification decisions, oldest first: its public status timeline. */
export async function listStatusChanges(db: Db, claimId: number): Promise<StatusChange[]> {
  return db('status_changes as c')
    .leftJoin('editors as e', 'e.id', 'c.editor_id')
    .where('c.claim_id', claimId)
    .orderBy([{ column: 'c.decided_at' }, { column: 'c.id' }])
    .select('c.*', 'e.name as editor_name');
}

export interface PublicStatusChange extends StatusChange {
  claim_text: string;
  claim_is_verbatim: boolean;
  source_name: string;
  dispute_title: string;
}

/** The newest verdicts on published claims, for the status-changes feed. */
export async function listRecentPublicStatusChanges(db: Db, limit: number): Promise<PublicStatusChange[]> {
  return db('status_changes as sc')
    .join('claims as c', 'c.id', 'sc.claim_id')
    .join('sources as s', 's.id', 'c.source_id')
    .join('disputes as d', 'd.id', 'c.dispute_id')
    .whereNull('c.deleted_at')
    .whereNull('d.deleted_at')
    .where('d.state', 'published')
    .orderBy([{ column: 'sc.decided_at', order: 'desc' }, { column: 'sc.id', order: 'desc' }])
    .limit(limit)
    .select('sc.*', 'c.text as claim_text', 'c.is_verbatim as claim_is_verbatim', 's.name as source_name', 'd.title as dispute_title');
}

