import type { Knex } from 'knex';

// A claim's page lists the links that start at it as well as those that end at it; without
// this index the first half of that lookup reads every link.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.raw('create index claim_links_from_index on claim_links (from_claim_id)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.raw('drop index claim_links_from_index');
}
