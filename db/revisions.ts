import type { Knex } from 'knex';
import type { Db } from './knex';

/** The records whose history has pages (routes/history.ts KINDS). */
export type EntityType = 'source' | 'dispute' | 'claim' | 'link' | 'evidence' | 'document';
/** Every record whose versions the history keeps: anchors until their pages join EntityType. */
export type RecordType = EntityType | 'anchor';

/** Who saved a change and why: every write carries one. */
export interface Authorship {
  editorId: number | null;
  summary: string;
}

export interface Revision {
  id: number;
  entity_type: RecordType;
  entity_id: number;
  version: number;
  snapshot: Record<string, unknown>;
  summary: string;
  editor_id: number | null;
  editor_name: string | null;
  created_at: Date;
}

/** Thrown when a row changed since the editor loaded it (or is gone). */
export class VersionConflict extends Error {
  constructor(
    readonly table: string,
    readonly id: number,
  ) {
    super(`${table} ${id} was changed by someone else`);
  }
}

type VersionedTable = 'sources' | 'disputes' | 'claims' | 'claim_links' | 'evidence' | 'documents' | 'claim_anchors';

/** UPDATE … WHERE version = expected: zero rows means another save won, never a lost update. */
export async function updateVersioned<Row>(
  trx: Knex.Transaction,
  table: VersionedTable,
  id: number,
  expectedVersion: number,
  patch: Record<string, unknown>,
  editorId: number | null,
): Promise<Row> {
  // No deleted_at filter: deleting bumps the version too, and a revert may restore a deleted row.
  const [row] = await trx(table)
    .where({ id, version: expectedVersion })
    .update({ ...patch, version: trx.raw('version + 1'), updated_at: trx.fn.now(), updated_by: editorId })
    .returning('*');
  if (!row) throw new VersionConflict(table, id);
  return row as Row;
}

/** The fields of a row that its history keeps, plus whether it was deleted. */
export function snapshotFields<Row extends { deleted_at: Date | null }>(row: Row, fields: readonly (keyof Row)[]): Record<string, unknown> {
  return { ...Object.fromEntries(fields.map((field) => [field, row[field]])), deleted: row.deleted_at !== null };
}

/** A snapshot's fields back as a row patch, deletion included, for a revert. */
export function patchFromSnapshot(snapshot: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  const patch: Record<string, unknown> = Object.fromEntries(fields.filter((f) => f in snapshot).map((f) => [f, snapshot[f]]));
  patch.deleted_at = snapshot.deleted ? new Date() : null;
  return patch;
}

export async function recordRevision(
  trx: Knex.Transaction,
  entityType: RecordType,
  row: { id: number; version: number },
  snapshot: Record<string, unknown>,
  by: Authorship,
): Promise<void> {
  await trx('revisions').insert({
    entity_type: entityType,
    entity_id: row.id,
    version: row.version,
    snapshot: JSON.stringify(snapshot),
    summary: by.summary,
    editor_id: by.editorId,
  });
}

function revisionsWithEditor(db: Db) {
  return db('revisions as r')
    .leftJoin('editors as e', 'e.id', 'r.editor_id')
    .select('r.*', 'e.name as editor_name');
}

export async function listRevisions(db: Db, entityType: RecordType, entityId: number): Promise<Revision[]> {
  return revisionsWithEditor(db)
    .where({ 'r.entity_type': entityType, 'r.entity_id': entityId })
    .orderBy('r.version', 'desc');
}

export async function findRevision(db: Db, entityType: RecordType, entityId: number, version: number): Promise<Revision | undefined> {
  return revisionsWithEditor(db).where({ 'r.entity_type': entityType, 'r.entity_id': entityId, 'r.version': version }).first();
}

/** The snapshots of these versions of one record (those the history holds). */
export async function findSnapshots(db: Db, entityType: RecordType, entityId: number, versions: number[]): Promise<Map<number, Record<string, unknown>>> {
  const rows: Pick<Revision, 'version' | 'snapshot'>[] = await db('revisions')
    .where({ entity_type: entityType, entity_id: entityId })
    .whereIn('version', versions)
    .select('version', 'snapshot');
  return new Map(rows.map((row) => [row.version, row.snapshot]));
}

/** Who saved the versions after `afterVersion` up to `upToVersion`, by name, without repeats. */
export async function listEditorsBetween(db: Db, entityType: RecordType, entityId: number, afterVersion: number, upToVersion: number): Promise<string[]> {
  const rows: { name: string | null }[] = await db('revisions as r')
    .leftJoin('editors as e', 'e.id', 'r.editor_id')
    .where({ 'r.entity_type': entityType, 'r.entity_id': entityId })
    .where('r.version', '>', afterVersion)
    .where('r.version', '<=', upToVersion)
    .orderBy('r.version')
    .limit(20)
    .select('e.name');
  return [...new Set(rows.map((row) => row.name ?? 'an import or script'))];
}

/** The newest revisions of everything, newest first, with a look-ahead row for paging. */
export async function listRecentRevisions(db: Db, page: number, perPage: number): Promise<Revision[]> {
  return revisionsWithEditor(db)
    .orderBy('r.id', 'desc')
    .limit(perPage + 1)
    .offset((page - 1) * perPage);
}

const TABLES: Record<RecordType, VersionedTable> = {
  source: 'sources', dispute: 'disputes', claim: 'claims', link: 'claim_links', evidence: 'evidence',
  document: 'documents', anchor: 'claim_anchors',
};

/** Any versioned row, deleted or not, for its history page. */
export async function findRecord(db: Db, entityType: RecordType, id: number): Promise<Record<string, unknown> | undefined> {
  return db(TABLES[entityType]).where({ id }).first();
}
