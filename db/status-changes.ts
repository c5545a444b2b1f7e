import type { Knex } from 'knex';
import type { Db } from './knex';
import type { ClaimStatus } from '../server/lib/statuses';

export interface StatusChange {
  id: number;
  claim_id: number;
  from_status: ClaimStatus | null;
  to_status: ClaimStatus;
  rationale: string;
  editor_id: number | null;
  editor_name: string | null;
  decided_at: Date;
}

export async function insertStatusChange(
  trx: Knex.Transaction,
  change: { claim_id: number; from_status: ClaimStatus | null; to_status: ClaimStatus; rationale: string; editor_id: number | null },
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
