import type { Knex } from 'knex';

/** The first free slug among base, base-2, base-3… in a table with a slug column. */
export async function availableSlug(trx: Knex | Knex.Transaction, table: 'sources' | 'disputes', base: string): Promise<string> {
  const taken = new Set<string>(
    await trx(table)
      .where('slug', base)
      .orWhere('slug', 'like', `${base.replace(/[\\%_]/g, '\\$&')}-%`)
      .pluck('slug'),
  );
  if (!taken.has(base)) return base;
  let n = 2;
  while (taken.has(`${base}-${n}`)) n += 1;
  return `${base}-${n}`;
}
