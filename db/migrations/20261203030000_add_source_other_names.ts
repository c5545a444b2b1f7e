import type { Knex } from 'knex';

// Other forms of a source's name ("Пономарев", "Пономарева", "Ponomarev"), one per line: intake
// matches the speaker a document names against them as well as the name. Empty when none.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('sources', (t) => {
    t.text('other_names').notNullable().defaultTo('');
    t.check('char_length(other_names) <= 2000', [], 'sources_other_names_length');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('sources', (t) => {
    t.dropChecks(['sources_other_names_length']);
    t.dropColumn('other_names');
  });
}
