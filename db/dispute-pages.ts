import type { Knex } from 'knex';
import { AnchorWithDocument, anchorsWithDocument } from './anchors';
import type { Db } from './knex';
import { ClaimInContext, inContext } from './claims';
import { contentVersionOf, Dispute, Position } from './disputes';
import type { Evidence } from './evidence';
import type { ClaimLink } from './links';
import type { StatusChange } from './status-changes';

/** Everything a dispute page shows. */
export interface DisputePage {
  dispute: Dispute & { content_version: string };
  positions: Position[];
  claims: ClaimInContext[];
  links: ClaimLink[];
  evidence: Evidence[];
  statusChanges: StatusChange[];
  /** Where claims were taken from: one anchor per anchored claim, with its document. */
  anchors: AnchorWithDocument[];
}

type Listings = Omit<DisputePage, 'dispute'>;

interface DisputeRow extends Dispute {
  content_version: string;
  document_version: string | null;
  document: string | null;
}

/*
 * The dispute page is the most read page, rendered from the database whenever the page cache
 * cannot serve it (editors, a changed dispute). Its listings, joined and aggregated, cost the
 * database several milliseconds; so they are kept as one JSON document per dispute, stamped
 * with the dispute's content version (which every write to the page changes). A read takes
 * the dispute's row and its document in one indexed lookup, and uses the document only if its
 * version is the dispute's current one; otherwise it reads the listings afresh, in the same
 * statement as the dispute's row, and stores them as the new document.
 */
export async function findDisputePage(db: Db, slug: string, includeDrafts: boolean): Promise<DisputePage | undefined> {
  const kept: DisputeRow | undefined = await visibleBySlug(db, slug, includeDrafts)
    .leftJoin('dispute_documents as doc', 'doc.dispute_id', 'page.id')
    .first('page.*', db.raw(contentVersionOf('page')), 'doc.content_version as document_version', db.raw('doc.content::text as document'));
  if (!kept) return undefined;
  if (kept.document !== null && kept.document_version === kept.content_version) return pageOf(kept, kept.document);

  const fresh: DisputeRow | undefined = await visibleBySlug(db, slug, includeDrafts)
    .first('page.*', db.raw(contentVersionOf('page')), db.raw('? as document', [listingsAsJson(db)]));
  if (!fresh?.document) return undefined;
  // Storing is only a saving for the next read: a page already read is shown even if it fails
  // (a read-only database, a lock held too long); the next read tries again.
  await keepDocument(db, fresh.id, fresh.content_version, fresh.document).catch(() => undefined);
  return pageOf(fresh, fresh.document);
}

// Named 'page', not 'd': the claims listing has a 'd' of its own.
function visibleBySlug(db: Db, slug: string, includeDrafts: boolean) {
  const query = db('disputes as page').where('page.slug', slug).whereNull('page.deleted_at');
  return includeDrafts ? query : query.where('page.state', 'published');
}

// Racing readers may store documents in any order: a stale one is never used, only replaced.
async function keepDocument(db: Db, disputeId: number, version: string, document: string): Promise<void> {
  await db('dispute_documents')
    .insert({ dispute_id: disputeId, content_version: version, content: document })
    .onConflict('dispute_id')
    .merge(['content_version', 'content']);
}

function pageOf(row: DisputeRow, document: string): DisputePage {
  const { document: _document, document_version: _version, ...dispute } = row;
  const listings = JSON.parse(document) as Listings;
  return {
    dispute,
    positions: listings.positions,
    claims: withDates(listings.claims, ['status_changed_at', 'created_at', 'updated_at', 'deleted_at']),
    links: withDates(listings.links, ['created_at', 'deleted_at']),
    evidence: withDates(listings.evidence, ['created_at', 'updated_at', 'deleted_at']),
    statusChanges: withDates(listings.statusChanges, ['decided_at']),
    anchors: withDates(listings.anchors, ['created_at', 'updated_at', 'deleted_at']),
  };
}

// The page's listings as one JSON object, for the dispute named 'page' in the outer query.
function listingsAsJson(db: Db): Knex.Raw {
  const liveClaimIds = db('claims').select('id').whereRaw('dispute_id = page.id').whereNull('deleted_at');
  const claims = inContext(db, true).select('p.sort_order as position_order').whereRaw('c.dispute_id = page.id');
  return db.raw(
    `(select json_build_object('positions', ?, 'claims', ?, 'links', ?, 'evidence', ?, 'statusChanges', ?, 'anchors', ?)::text)`,
    [
      jsonList(db, db('positions').whereRaw('dispute_id = page.id'), 'sort_order'),
      jsonList(db, claims, 'position_order, said_on, id'),
      jsonList(db, linksWithin(db), 'id'),
      jsonList(db, db('evidence').whereNull('deleted_at').whereIn('claim_id', liveClaimIds), 'claim_id, number'),
      jsonList(db, db('status_changes').whereIn('claim_id', liveClaimIds), 'decided_at, id'),
      jsonList(db, anchorsWithDocument(db).whereIn('a.claim_id', liveClaimIds), 'claim_id'),
    ],
  );
}

// Live links with both ends among the page's live claims.
function linksWithin(db: Db): Knex.QueryBuilder {
  const liveClaim = (alias: string) => (q: Knex.QueryBuilder) => q.whereRaw(`${alias}.dispute_id = page.id`).whereNull(`${alias}.deleted_at`);
  return db('claim_links as l')
    .join('claims as f', 'f.id', 'l.from_claim_id')
    .join('claims as t', 't.id', 'l.to_claim_id')
    .where(liveClaim('f'))
    .where(liveClaim('t'))
    .whereNull('l.deleted_at')
    .select('l.*');
}

// The rows of a subquery as one JSON array, in the given order ('[]' when there are none).
function jsonList(db: Db, rows: Knex.QueryBuilder, orderBy: string): Knex.Raw {
  return db.raw(`(select coalesce(json_agg(r order by ${orderBy}), '[]') from (?) r)`, [rows]);
}

// JSON carries timestamps as text; every other query returns them as Dates.
function withDates<T>(rows: T[], columns: string[]): T[] {
  for (const row of rows as Record<string, unknown>[]) {
    for (const column of columns) {
      if (typeof row[column] === 'string') row[column] = new Date(row[column] as string);
    }
  }
  return rows;
}
