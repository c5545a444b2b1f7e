import type { Knex } from 'knex';

// A source's stake in the events it speaks about ("party to the fighting", "government of a party"):
// optional, and never an empty string, so "not recorded" has one spelling (null).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('sources', (t) => {
    t.string('stake', 200);
    t.check('stake is null or char_length(btrim(stake)) > 0', [], 'sources_stake_present');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('sources', (t) => {
    t.dropChecks(['sources_stake_present']);
    t.dropColumn('stake');
  });
}
