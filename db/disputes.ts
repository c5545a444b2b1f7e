import type { Knex } from 'knex';
import { Refusal } from './errors';
import type { Db } from './knex';
import { Authorship, patchFromSnapshot, recordRevision, snapshotFields, updateVersioned } from './revisions';
import { availableSlug } from './slugs';

export type DisputeState = 'draft' | 'published';

export interface Dispute {
  id: number;
  slug: string;
  title: string;
  summary: string;
  events_from: string | null;
  events_to: string | null;
  events_place: string;
  state: DisputeState;
  published_at: Date | null;
  version: number;
  created_at: Date;
  updated_at: Date;
  deleted_at: Date | null;
}

export interface Position {
  id: number;
  dispute_id: number;
  label: string;
  sort_order: number;
}

export interface DisputeWithPositions extends Dispute {
  positions: Position[];
}

export interface DisputeInput {
  title: string;
  summary: string;
  events_from: string | null;
  events_to: string | null;
  events_place: string;
  state: DisputeState;
}

/** A position as the form sends it: an existing id to rename, or null to add. */
export interface PositionInput {
  id: number | null;
  label: string;
}

/** Raised when an edit would remove a position that still has claims under it. */
export class PositionInUse extends Refusal {
  constructor(label: string) {
    super('positions_in_use', label);
  }
}

const EDITABLE_FIELDS = ['title', 'summary', 'events_from', 'events_to', 'events_place', 'state'] as const;

function snapshotOf(row: Dispute, positions: Position[]): Record<string, unknown> {
  return { ...snapshotFields(row, ['slug', ...EDITABLE_FIELDS]), positions: positions.map((p) => ({ id: p.id, label: p.label })) };
}

function visible(db: Db, includeDrafts: boolean) {
  const query = db('disputes').whereNull('deleted_at');
  return includeDrafts ? query : query.where('state', 'published');
}

export async function findDisputeBySlug(db: Db, slug: string, includeDrafts: boolean): Promise<Dispute | undefined> {
  return visible(db, includeDrafts).where('slug', slug).first();
}

// A dispute page's content version: the row's xmin, which every UPDATE changes (touchDispute
// runs one for each write that alters the page), with updated_at as a second check.
export function contentVersionOf(table: string): string {
  return `${table}.xmin::text || '-' || (extract(epoch from ${table}.updated_at) * 1000000)::bigint as content_version`;
}

/** Content versions of published disputes by slug, in one query: what a kept page costs. */
export async function findPublishedDisputeVersions(db: Db, slugs: string[]): Promise<Map<string, string>> {
  const rows: { slug: string; content_version: string }[] = await visible(db, false).whereIn('slug', slugs).select('slug', db.raw(contentVersionOf('disputes')));
  return new Map(rows.map((row) => [row.slug, row.content_version]));
}

export async function listPositions(db: Db | Knex.Transaction, disputeId: number): Promise<Position[]> {
  return db('positions').where('dispute_id', disputeId).orderBy('sort_order');
}

async function attachPositions(db: Db, disputes: Dispute[]): Promise<DisputeWithPositions[]> {
  if (disputes.length === 0) return [];
  const positions: Position[] = await db('positions')
    .whereIn('dispute_id', disputes.map((d) => d.id))
    .orderBy(['dispute_id', 'sort_order']);
  return disputes.map((d) => ({ ...d, positions: positions.filter((p) => p.dispute_id === d.id) }));
}

/** Published disputes, most recently updated first; one extra row tells whether a next page exists. */
export async function listPublishedDisputes(db: Db, page: number, perPage: number): Promise<DisputeWithPositions[]> {
  const rows = await visible(db, false)
    .orderBy([{ column: 'updated_at', order: 'desc' }, { column: 'id', order: 'desc' }])
    .limit(perPage + 1)
    .offset((page - 1) * perPage);
  return attachPositions(db, rows);
}

export async function listDraftDisputes(db: Db): Promise<DisputeWithPositions[]> {
  const rows = await db('disputes').whereNull('deleted_at').where('state', 'draft').orderBy('updated_at', 'desc').limit(50);
  return attachPositions(db, rows);
}

function publication(state: DisputeState, current?: Dispute) {
  if (state !== 'published') return {};
  return current?.published_at ? {} : { published_at: new Date() };
}

export async function createDispute(
  db: Db,
  input: DisputeInput & { slug: string; positions: string[] },
  by: Authorship,
): Promise<Dispute> {
  return db.transaction(async (trx) => {
    const { positions: labels, ...fields } = input;
    const slug = await availableSlug(trx, 'disputes', fields.slug);
    const [row] = await trx('disputes')
      .insert({ ...fields, slug, ...publication(fields.state), created_by: by.editorId, updated_by: by.editorId })
      .returning('*');
    const positions = await trx('positions')
      .insert(labels.map((label, i) => ({ dispute_id: row.id, label, sort_order: i + 1 })))
      .returning('*');
    await recordRevision(trx, 'dispute', row, snapshotOf(row, positions), by);
    return row as Dispute;
  });
}

async function replacePositions(trx: Knex.Transaction, disputeId: number, wanted: PositionInput[]): Promise<Position[]> {
  const current = await listPositions(trx, disputeId);
  const keptIds = new Set(wanted.map((p) => p.id).filter((id): id is number => id !== null));
  for (const position of current.filter((p) => !keptIds.has(p.id))) {
    const inUse = await trx('claims').where('position_id', position.id).first('id');
    if (inUse) throw new PositionInUse(position.label);
    await trx('positions').where('id', position.id).delete();
  }
  for (const [i, position] of wanted.entries()) {
    const values = { label: position.label, sort_order: i + 1 };
    if (position.id !== null && current.some((p) => p.id === position.id)) {
      await trx('positions').where({ id: position.id, dispute_id: disputeId }).update(values);
    } else {
      await trx('positions').insert({ ...values, dispute_id: disputeId });
    }
  }
  return listPositions(trx, disputeId);
}

export function updateDispute(
  db: Db,
  current: Dispute,
  version: number,
  input: DisputeInput & { positions: PositionInput[] },
  by: Authorship,
): Promise<Dispute> {
  const { positions, ...fields } = input;
  return saveDispute(db, current, version, { ...fields, ...publication(fields.state, current) }, positions, by);
}

export function revertDispute(db: Db, current: Dispute, version: number, snapshot: Record<string, unknown>, by: Authorship): Promise<Dispute> {
  const positions = (snapshot.positions as PositionInput[]).map((p) => ({ id: p.id ?? null, label: p.label }));
  const patch = patchFromSnapshot(snapshot, EDITABLE_FIELDS);
  return saveDispute(db, current, version, { ...patch, ...publication(patch.state as DisputeState, current) }, positions, by);
}

/** Hides a dispute, and with it its claims, from readers. */
export function deleteDispute(db: Db, current: Dispute, version: number, by: Authorship): Promise<Dispute> {
  return saveDispute(db, current, version, { deleted_at: new Date() }, undefined, by);
}

async function saveDispute(
  db: Db,
  current: Dispute,
  version: number,
  patch: Record<string, unknown>,
  wantedPositions: PositionInput[] | undefined,
  by: Authorship,
): Promise<Dispute> {
  return db.transaction(async (trx) => {
    const row = await updateVersioned<Dispute>(trx, 'disputes', current.id, version, patch, by.editorId);
    const positions = wantedPositions ? await replacePositions(trx, row.id, wantedPositions) : await listPositions(trx, row.id);
    await recordRevision(trx, 'dispute', row, snapshotOf(row, positions), by);
    return row;
  });
}

/** Moves a dispute to the top of "recently updated" when something on its page changed. */
export async function touchDispute(trx: Knex.Transaction, disputeId: number): Promise<void> {
  await trx('disputes').where('id', disputeId).update({ updated_at: trx.fn.now() });
}

/** Published disputes with ids above `afterId`, in id order, with their positions. */
export async function listPublishedDisputesAfter(db: Db, afterId: number, limit: number): Promise<DisputeWithPositions[]> {
  const rows = await visible(db, false).where('id', '>', afterId).orderBy('id').limit(limit);
  return attachPositions(db, rows);
}

/** Positions' labels by id, for a claim's history. */
export async function listPositionLabels(db: Db, ids: number[]): Promise<Map<number, string>> {
  const rows: { id: number; label: string }[] = ids.length ? await db('positions').whereIn('id', ids).select('id', 'label') : [];
  return new Map(rows.map((row) => [row.id, row.label]));
}

/** Every live dispute's title, for choosing one (the intake page), most recently updated first. */
export async function listDisputeOptions(db: Db): Promise<{ id: number; slug: string; title: string }[]> {
  return db('disputes').whereNull('deleted_at').orderBy('updated_at', 'desc').limit(500).select('id', 'slug', 'title');
}

export async function findDisputeWithPositions(db: Db, query: { id: number } | { slug: string }): Promise<DisputeWithPositions | undefined> {
  const row: Dispute | undefined = await db('disputes').whereNull('deleted_at').where(query).first();
  return row && (await attachPositions(db, [row]))[0];
}
