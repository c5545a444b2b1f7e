import type { Knex } from 'knex';

// The kept dispute-page documents now carry each claim's anchor and document. Those kept before
// do not, and their dispute's version has not changed: forgetting them makes the next read of
// each page rebuild it. They are only a saving (and are not exported), so nothing is lost.
export async function up(knex: Knex): Promise<void> {
  await knex('dispute_documents').delete();
}

// Documents kept from now on are a superset of the old shape: the old code reads them as they are.
export async function down(): Promise<void> {}
