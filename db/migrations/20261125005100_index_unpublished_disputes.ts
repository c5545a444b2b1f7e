import type { Knex } from 'knex';

// The few disputes a reader may not see (drafts and deleted ones), by id: search leaves out
// their claims while gathering matches, with a lookup that stays small however large the
// archive grows.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.raw("create index disputes_unpublished_index on disputes (id) where state <> 'published' or deleted_at is not null");
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.raw('drop index disputes_unpublished_index');
}
