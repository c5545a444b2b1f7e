import type { Knex } from 'knex';
import type { Db } from './knex';
import * as createEditors from './migrations/20261125000100_create_editors';
import * as createSessions from './migrations/20261125000200_create_sessions';
import * as createSources from './migrations/20261125000300_create_sources';
import * as createDisputes from './migrations/20261125000400_create_disputes_and_positions';
import * as createClaims from './migrations/20261125000500_create_claims';
import * as createClaimLinks from './migrations/20261125000600_create_claim_links';
import * as createStatusChanges from './migrations/20261125000700_create_status_changes';
import * as createRevisions from './migrations/20261125000800_create_revisions';
import * as createSignInAttempts from './migrations/20261125000900_create_sign_in_attempts';
import * as createSettings from './migrations/20261125001000_create_settings';
import * as addSearchVectors from './migrations/20261125001100_add_search_vectors';
import * as addSourceStake from './migrations/20261125002000_add_source_stake';
import * as createTips from './migrations/20261125002100_create_tips';
import * as createEvidence from './migrations/20261125002200_create_evidence';
import * as addFigures from './migrations/20261125002300_add_claim_figures_and_evidence_strength';
import * as indexClaimLinksByFromClaim from './migrations/20261125004000_index_claim_links_by_from_claim';
import * as createDisputeDocuments from './migrations/20261125005000_create_dispute_documents';
import * as indexUnpublishedDisputes from './migrations/20261125005100_index_unpublished_disputes';
import * as addEditorFailedSignIns from './migrations/20261202010000_add_editor_failed_sign_ins';
import * as indexSessionsByEditor from './migrations/20261202010100_index_sessions_by_editor';
import * as createIdempotencyKeys from './migrations/20261202040000_create_idempotency_keys';
import * as createDocuments from './migrations/20261203010000_create_documents';
import * as createClaimAnchors from './migrations/20261203010100_create_claim_anchors';
import * as addSourceOtherNames from './migrations/20261203030000_add_source_other_names';
import * as createDocumentChecks from './migrations/20261203040000_create_document_checks';
import * as forgetKeptDisputeDocuments from './migrations/20261203040100_forget_kept_dispute_documents';

type Migration = { up(knex: Knex): Promise<void>; down(knex: Knex): Promise<void> };

// Listed here rather than read from the folder, so the same list runs from TypeScript
// (tests), from compiled JavaScript (npm start) and on both database engines.
const MIGRATIONS: Record<string, Migration> = {
  '20261125000100_create_editors': createEditors,
  '20261125000200_create_sessions': createSessions,
  '20261125000300_create_sources': createSources,
  '20261125000400_create_disputes_and_positions': createDisputes,
  '20261125000500_create_claims': createClaims,
  '20261125000600_create_claim_links': createClaimLinks,
  '20261125000700_create_status_changes': createStatusChanges,
  '20261125000800_create_revisions': createRevisions,
  '20261125000900_create_sign_in_attempts': createSignInAttempts,
  '20261125001000_create_settings': createSettings,
  '20261125001100_add_search_vectors': addSearchVectors,
  '20261125002000_add_source_stake': addSourceStake,
  '20261125002100_create_tips': createTips,
  '20261125002200_create_evidence': createEvidence,
  '20261125002300_add_claim_figures_and_evidence_strength': addFigures,
  '20261125004000_index_claim_links_by_from_claim': indexClaimLinksByFromClaim,
  '20261125005000_create_dispute_documents': createDisputeDocuments,
  '20261125005100_index_unpublished_disputes': indexUnpublishedDisputes,
  '20261202010000_add_editor_failed_sign_ins': addEditorFailedSignIns,
  '20261202010100_index_sessions_by_editor': indexSessionsByEditor,
  '20261202040000_create_idempotency_keys': createIdempotencyKeys,
  '20261203010000_create_documents': createDocuments,
  '20261203010100_create_claim_anchors': createClaimAnchors,
  '20261203030000_add_source_other_names': addSourceOtherNames,
  '20261203040000_create_document_checks': createDocumentChecks,
  '20261203040100_forget_kept_dispute_documents': forgetKeptDisputeDocuments,
};

const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: async () => Object.keys(MIGRATIONS).sort(),
  getMigrationName: (name) => name,
  getMigration: async (name) => MIGRATIONS[name],
};

const migrationConfig: Knex.MigratorConfig = { migrationSource, tableName: 'knex_migrations' };

export async function migrateToLatest(db: Db): Promise<string[]> {
  const [, applied] = await db.migrate.latest(migrationConfig);
  return applied;
}

export async function rollbackAll(db: Db): Promise<string[]> {
  const [, reverted] = await db.migrate.rollback(migrationConfig, true);
  return reverted;
}

export async function rollbackLastBatch(db: Db): Promise<string[]> {
  const [, reverted] = await db.migrate.rollback(migrationConfig);
  return reverted;
}

/** True when every known migration has run: what /readyz reports. */
export async function isSchemaCurrent(db: Db): Promise<boolean> {
  const [, pending] = await db.migrate.list(migrationConfig);
  return pending.length === 0;
}
