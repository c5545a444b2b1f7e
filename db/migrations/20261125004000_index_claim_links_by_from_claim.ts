import type { Knex } from 'knex';

// A claim's page lists the links that start at it as well as those that end at it; without
// this index the first half of that lookup reads every link. Built without blocking saves.
export const config = { transaction: false };

export async function up(knex: Knex): Promise<void> {
  await knex.schema.raw('create index concurrently if not exists claim_links_from_index on claim_links (from_claim_id)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.raw('drop index concurrently if exists claim_links_from_index');
}
