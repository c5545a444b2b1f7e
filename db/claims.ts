import type { Knex } from 'knex';
import type { Db } from './knex';
import { touchDispute } from './disputes';
import { Authorship, patchFromSnapshot, recordRevision, snapshotFields, updateVersioned, VersionConflict } from './revisions';
import { insertStatusChange } from './status-changes';

/** The verification scale, in the order the status form offers it (labels: server/presentation/statuses.ts). */
export const CLAIM_STATUSES = [
  'unverified', 'unverifiable', 'contested', 'false', 'misleading', 'partly_true', 'true',
] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];

/** How strongly the evidence backs a verdict, weakest first (labels: server/presentation/evidence-labels.ts). */
export const EVIDENCE_STRENGTHS = ['none', 'single_source', 'independent_sources', 'documentary'] as const;
export type EvidenceStrength = (typeof EVIDENCE_STRENGTHS)[number];

export type DatePrecision = 'day' | 'month' | 'year';

/** A claims row: what the edit form sets (figures always present, null when not given), plus the verdict and bookkeeping. */
export interface Claim extends Required<ClaimInput> {
  id: number;
  dispute_id: number;
  status: ClaimStatus;
  status_rationale: string;
  status_changed_at: Date;
  evidence_strength: EvidenceStrength;
  version: number;
  created_at: Date;
  updated_at: Date;
  deleted_at: Date | null;
}

/** A claim as pages show it: with its source, position and dispute named. */
export interface ClaimInContext extends Claim {
  source_name: string;
  source_slug: string;
  source_kind: string;
  affiliation_name: string | null;
  position_label: string;
  dispute_slug: string;
  dispute_title: string;
  dispute_state: string;
}

/** What a claim's figure counts, among whom, how many (one value or a low–high range), when and where. */
export interface FigureInput {
  figure_measure: string | null;
  figure_group: string | null;
  figure_low: number | null;
  figure_high: number | null;
  figure_unit: string | null;
  figure_period: string | null;
  figure_place: string | null;
}

export interface ClaimInput extends Partial<FigureInput> {
  position_id: number;
  source_id: number;
  text: string;
  is_verbatim: boolean;
  original_text: string | null;
  original_language: string | null;
  said_on: string;
  said_on_precision: DatePrecision;
  venue: string;
  url: string | null;
}

export interface StatusInput {
  status: ClaimStatus;
  rationale: string;
  /** How strongly the evidence backs the verdict; 'none' when not given. */
  evidence_strength?: EvidenceStrength;
}

const EDITABLE_FIELDS = [
  'position_id', 'source_id', 'text', 'is_verbatim', 'original_text', 'original_language',
  'said_on', 'said_on_precision', 'venue', 'url', 'status', 'status_rationale', 'evidence_strength',
  'figure_measure', 'figure_group', 'figure_low', 'figure_high', 'figure_unit', 'figure_period', 'figure_place',
] as const;

function snapshotOf(row: Claim): Record<string, unknown> {
  return snapshotFields(row, EDITABLE_FIELDS);
}

// Every column but the search vector, which pages never show and which outweighs the text.
const CLAIM_COLUMNS = [
  'id', 'dispute_id', 'position_id', 'source_id', 'text', 'is_verbatim', 'original_text', 'original_language',
  'said_on', 'said_on_precision', 'venue', 'url', 'status', 'status_rationale', 'status_changed_at', 'evidence_strength',
  'figure_measure', 'figure_group', 'figure_low', 'figure_high', 'figure_unit', 'figure_period', 'figure_place',
  'version', 'created_by', 'updated_by', 'created_at', 'updated_at', 'deleted_at',
].map((column) => `c.${column}`);

/** Live claims joined with their source, position and dispute: the base of every claim listing. */
export function inContext(db: Db, includeDrafts: boolean) {
  const query = db('claims as c')
    .join('sources as s', 's.id', 'c.source_id')
    .leftJoin('sources as a', 'a.id', 's.affiliation_id')
    // Both columns of the position's key, so the planner looks positions up by index.
    .join('positions as p', (on) => on.on('p.id', 'c.position_id').andOn('p.dispute_id', 'c.dispute_id'))
    .join('disputes as d', 'd.id', 'c.dispute_id')
    .whereNull('c.deleted_at')
    .whereNull('d.deleted_at')
    .select(
      ...CLAIM_COLUMNS, 's.name as source_name', 's.slug as source_slug', 's.kind as source_kind',
      'a.name as affiliation_name', 'p.label as position_label',
      'd.slug as dispute_slug', 'd.title as dispute_title', 'd.state as dispute_state',
    );
  return includeDrafts ? query : query.where('d.state', 'published');
}

export async function findClaim(db: Db, id: number, includeDrafts: boolean): Promise<ClaimInContext | undefined> {
  return inContext(db, includeDrafts).where('c.id', id).first();
}

export async function listClaimsOfDispute(db: Db, disputeId: number): Promise<ClaimInContext[]> {
  return inContext(db, true)
    .where('c.dispute_id', disputeId)
    .orderBy([{ column: 'p.sort_order' }, { column: 'c.said_on' }, { column: 'c.id' }]);
}

export async function listClaimsOfSource(db: Db, sourceId: number, includeDrafts: boolean): Promise<ClaimInContext[]> {
  return inContext(db, includeDrafts)
    .where('c.source_id', sourceId)
    .orderBy([{ column: 'c.said_on', order: 'desc' }, { column: 'c.id', order: 'desc' }])
    .limit(500);
}

export async function createClaim(
  db: Db,
  disputeId: number,
  input: ClaimInput & StatusInput,
  by: Authorship,
): Promise<Claim> {
  return db.transaction(async (trx) => {
    const { status, rationale, evidence_strength = 'none', ...fields } = input;
    const [row] = await trx('claims')
      .insert({
        ...fields, dispute_id: disputeId, status, status_rationale: rationale, evidence_strength,
        created_by: by.editorId, updated_by: by.editorId,
      })
      .returning('*');
    await insertStatusChange(trx, { claim_id: row.id, from_status: null, to_status: status, rationale, evidence_strength, editor_id: by.editorId });
    await afterClaimSaved(trx, row, by);
    return row as Claim;
  });
}

export async function updateClaim(db: Db, id: number, version: number, input: ClaimInput, by: Authorship): Promise<Claim> {
  return db.transaction(async (trx) => {
    const row = await updateVersioned<Claim>(trx, 'claims', id, version, { ...input }, by.editorId);
    await afterClaimSaved(trx, row, by);
    return row;
  });
}

/**
 * A new verdict: the claim's status, one status-history entry and one revision, together.
 * The status it replaces is read at `version` (a merged save may be based on a newer one than `current`).
 */
export async function changeClaimStatus(
  db: Db,
  current: Claim,
  version: number,
  input: StatusInput,
  by: Authorship,
): Promise<Claim> {
  return db.transaction(async (trx) => {
    const before: Pick<Claim, 'status'> | undefined = await trx('claims').where({ id: current.id, version }).first('status');
    if (!before) throw new VersionConflict('claims', current.id);
    const row = await updateVersioned<Claim>(
      trx, 'claims', current.id, version,
      { status: input.status, status_rationale: input.rationale, evidence_strength: input.evidence_strength ?? 'none', status_changed_at: trx.fn.now() },
      by.editorId,
    );
    await insertStatusChange(trx, {
      claim_id: row.id, from_status: before.status, to_status: input.status,
      rationale: input.rationale, evidence_strength: input.evidence_strength ?? 'none', editor_id: by.editorId,
    });
    await afterClaimSaved(trx, row, by);
    return row;
  });
}

/** Puts back an older version; a status it brings back is a new entry in the status timeline. */
export async function revertClaim(db: Db, current: Claim, version: number, snapshot: Record<string, unknown>, by: Authorship): Promise<Claim> {
  return db.transaction(async (trx) => {
    const patch = patchFromSnapshot(snapshot, EDITABLE_FIELDS);
    const statusChanged = patch.status !== current.status;
    if (statusChanged) patch.status_changed_at = trx.fn.now();
    const row = await updateVersioned<Claim>(trx, 'claims', current.id, version, patch, by.editorId);
    if (statusChanged) {
      await insertStatusChange(trx, {
        claim_id: row.id, from_status: current.status, to_status: row.status, rationale: row.status_rationale,
        evidence_strength: row.evidence_strength, editor_id: by.editorId,
      });
    }
    await afterClaimSaved(trx, row, by);
    return row;
  });
}

/** Hides a claim from readers; the deletion is a revision like any other. */
export async function deleteClaim(db: Db, current: Claim, version: number, by: Authorship): Promise<Claim> {
  return db.transaction(async (trx) => {
    const row = await updateVersioned<Claim>(trx, 'claims', current.id, version, { deleted_at: trx.fn.now() }, by.editorId);
    await afterClaimSaved(trx, row, by);
    return row;
  });
}

async function afterClaimSaved(trx: Knex.Transaction, row: Claim, by: Authorship): Promise<void> {
  await recordRevision(trx, 'claim', row, snapshotOf(row), by);
  await touchDispute(trx, row.dispute_id);
}

/** Published claims with ids above `afterId`, in id order: keyset pages for the API and exports. */
export async function listPublishedClaimsAfter(db: Db, afterId: number, limit: number): Promise<ClaimInContext[]> {
  return inContext(db, false).where('c.id', '>', afterId).orderBy('c.id').limit(limit);
}

/** Claims' texts by id, deleted ones included, for the histories of links and evidence. */
export async function listClaimTexts(db: Db, ids: number[]): Promise<Map<number, string>> {
  const rows: { id: number; text: string }[] = ids.length ? await db('claims').whereIn('id', ids).select('id', 'text') : [];
  return new Map(rows.map((row) => [row.id, row.text]));
}
