import type { Db } from './knex';

export interface SitemapEntry {
  path: string;
  updated_at: Date;
}

/** Published disputes and live sources: the pages of the main sitemap. */
export async function listSitemapPages(db: Db): Promise<SitemapEntry[]> {
  const [disputes, sources] = await Promise.all([
    db('disputes').whereNull('deleted_at').where('state', 'published').select('slug', 'updated_at').orderBy('id'),
    db('sources').whereNull('deleted_at').select('slug', 'updated_at').orderBy('id'),
  ]);
  return [
    ...disputes.map((d) => ({ path: `/disputes/${d.slug}`, updated_at: d.updated_at })),
    ...sources.map((s) => ({ path: `/sources/${s.slug}`, updated_at: s.updated_at })),
  ];
}

export async function highestClaimId(db: Db): Promise<number> {
  const row = await db('claims').max({ id: 'id' }).first();
  return Number(row?.id ?? 0);
}

/** Published claims with ids in [fromId, toId): one chunk of the claims sitemap. */
export async function listSitemapClaims(db: Db, fromId: number, toId: number): Promise<SitemapEntry[]> {
  const rows = await db('claims as c')
    .join('disputes as d', 'd.id', 'c.dispute_id')
    .where('c.id', '>=', fromId)
    .where('c.id', '<', toId)
    .whereNull('c.deleted_at')
    .whereNull('d.deleted_at')
    .where('d.state', 'published')
    .orderBy('c.id')
    .select('c.id', 'c.updated_at');
  return rows.map((c) => ({ path: `/claims/${c.id}`, updated_at: c.updated_at }));
}
