import type { Knex } from 'knex';

// Failed sign-ins for an account since its last successful one, so the editor is told about them
// on their next page; kept here because the attempts themselves are forgotten after the window.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('editors', (t) => {
    t.integer('failed_sign_ins').notNullable().defaultTo(0);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('editors', (t) => {
    t.dropColumn('failed_sign_ins');
  });
}
