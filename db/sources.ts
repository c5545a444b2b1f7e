import { Refusal } from './errors';
import type { Db } from './knex';
import { Authorship, patchFromSnapshot, recordRevision, snapshotFields, updateVersioned } from './revisions';
import { availableSlug } from './slugs';
import { ClaimTally, falseShareSql, publishedClaimTallies } from './track-records';

export const SOURCE_KINDS = ['person', 'organisation', 'government', 'military', 'media', 'other'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

export interface Source {
  id: number;
  slug: string;
  name: string;
  kind: SourceKind;
  description: string;
  affiliation_id: number | null;
  url: string | null;
  stake: string | null;
  /** Other forms of the name (inflected, transliterated, short), one per line; '' when none. */
  other_names: string;
  version: number;
  created_at: Date;
  updated_at: Date;
  deleted_at: Date | null;
}

export interface SourceWithAffiliation extends Source {
  affiliation_name: string | null;
  affiliation_slug: string | null;
}

export interface SourceInput {
  name: string;
  kind: SourceKind;
  description: string;
  affiliation_id: number | null;
  url: string | null;
  /** Left out by callers that predate it (the seed); the form always sends it. */
  stake?: string | null;
  /** Left out by callers that predate it; '' when none. */
  other_names?: string;
}

export interface SourceOption {
  id: number;
  name: string;
}

const EDITABLE_FIELDS = ['name', 'kind', 'description', 'affiliation_id', 'url', 'stake', 'other_names'] as const;

function snapshotOf(row: Source): Record<string, unknown> {
  return snapshotFields(row, [...EDITABLE_FIELDS, 'slug']);
}

/** Raised when deleting a source that live claims still quote. */
export class SourceInUse extends Refusal {
  constructor() {
    super('sources_in_use');
  }
}

function withAffiliation(db: Db) {
  return db('sources as s')
    .leftJoin('sources as a', 'a.id', 's.affiliation_id')
    .select('s.*', 'a.name as affiliation_name', 'a.slug as affiliation_slug')
    .whereNull('s.deleted_at');
}

export async function findSourceBySlug(db: Db, slug: string): Promise<SourceWithAffiliation | undefined> {
  return withAffiliation(db).where('s.slug', slug).first();
}

export const SOURCE_SORTS = ['name', 'claims', 'record'] as const;
export type SourceSort = (typeof SOURCE_SORTS)[number];

export type SourceInList = SourceWithAffiliation & ClaimTally;

/**
 * One page of sources with their published-claim counts, with a look-ahead row to know whether
 * another page exists. `record` puts the highest share found false or misleading first, and
 * sources with too few checked claims for a share last.
 */
export async function listSources(db: Db, page: number, perPage: number, sort: SourceSort = 'name'): Promise<SourceInList[]> {
  const query = withAffiliation(db)
    .leftJoin(publishedClaimTallies(db).as('t'), 't.source_id', 's.id')
    .select(
      db.raw('coalesce(t.claim_count, 0) as claim_count'),
      db.raw('coalesce(t.checked_count, 0) as checked_count'),
      db.raw('coalesce(t.false_count, 0) as false_count'),
    );
  if (sort === 'claims') query.orderByRaw('coalesce(t.claim_count, 0) desc');
  if (sort === 'record') {
    const [share, bindings] = falseShareSql('t');
    query.orderByRaw(`${share} desc nulls last, coalesce(t.checked_count, 0) desc`, bindings);
  }
  return query
    .orderBy([{ column: 's.name' }, { column: 's.id' }])
    .limit(perPage + 1)
    .offset((page - 1) * perPage);
}

export async function listSourceOptions(db: Db): Promise<SourceOption[]> {
  return db('sources').whereNull('deleted_at').orderBy('name').select('id', 'name');
}

/** A source and every form of its name, for matching the speakers a document names. */
export interface SourceNames extends SourceOption {
  other_names: string;
}

export async function listSourcesWithNames(db: Db): Promise<SourceNames[]> {
  return db('sources').whereNull('deleted_at').orderBy('name').select('id', 'name', 'other_names');
}

export async function findSourceOption(db: Db, id: number): Promise<SourceOption | undefined> {
  return db('sources').where({ id }).whereNull('deleted_at').first('id', 'name');
}

export async function sourceExists(db: Db, id: number): Promise<boolean> {
  return Boolean(await db('sources').where({ id }).whereNull('deleted_at').first('id'));
}

export async function createSource(db: Db, input: SourceInput & { slug: string }, by: Authorship): Promise<Source> {
  return db.transaction(async (trx) => {
    const slug = await availableSlug(trx, 'sources', input.slug);
    const [row] = await trx('sources')
      .insert({ ...input, slug, created_by: by.editorId, updated_by: by.editorId })
      .returning('*');
    await recordRevision(trx, 'source', row, snapshotOf(row), by);
    return row as Source;
  });
}

export function updateSource(db: Db, id: number, version: number, input: SourceInput, by: Authorship): Promise<Source> {
  return saveSource(db, id, version, { ...input }, by);
}

export function revertSource(db: Db, id: number, version: number, snapshot: Record<string, unknown>, by: Authorship): Promise<Source> {
  return saveSource(db, id, version, patchFromSnapshot(snapshot, EDITABLE_FIELDS), by);
}

/** Hides a source from readers; refused while any live claim is attributed to it. */
export async function deleteSource(db: Db, id: number, version: number, by: Authorship): Promise<Source> {
  return db.transaction(async (trx) => {
    // Locking the row holds back claims being attributed to it meanwhile (their foreign key needs a share lock).
    await trx('sources').where({ id }).forUpdate().first('id');
    const quoted = await trx('claims').where('source_id', id).whereNull('deleted_at').first('id');
    if (quoted) throw new SourceInUse();
    return saveSource(trx, id, version, { deleted_at: new Date() }, by);
  });
}

async function saveSource(db: Db, id: number, version: number, patch: Record<string, unknown>, by: Authorship): Promise<Source> {
  return db.transaction(async (trx) => {
    const row = await updateVersioned<Source>(trx, 'sources', id, version, patch, by.editorId);
    await recordRevision(trx, 'source', row, snapshotOf(row), by);
    // A source's name shows on every dispute page that quotes it, or quotes someone affiliated with it.
    const quoting = trx('claims').where('source_id', id).orWhereIn('source_id', trx('sources').where('affiliation_id', id).select('id'));
    // As publisher of a document, its name shows under every claim taken from that document.
    const published = trx('claims').whereIn('id', trx('claim_anchors as a').join('documents as doc', 'doc.id', 'a.document_id').where('doc.publisher_id', id).select('a.claim_id'));
    await trx('disputes')
      .whereIn('id', quoting.select('dispute_id'))
      .orWhereIn('id', published.select('dispute_id'))
      .update({ updated_at: trx.fn.now() });
    return row;
  });
}

/** Live sources with ids above `afterId`, in id order. */
export async function listSourcesAfter(db: Db, afterId: number, limit: number): Promise<SourceWithAffiliation[]> {
  return withAffiliation(db).where('s.id', '>', afterId).orderBy('s.id').limit(limit);
}

/** Sources' names by id, deleted ones included: a history names what a version pointed at. */
export async function listSourceNames(db: Db, ids: number[]): Promise<Map<number, string>> {
  const rows: { id: number; name: string }[] = ids.length ? await db('sources').whereIn('id', ids).select('id', 'name') : [];
  return new Map(rows.map((row) => [row.id, row.name]));
}
