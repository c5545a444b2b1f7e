import type { Knex } from 'knex';

// Editors sign in with email and password; roles gate what they may change.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('editors', (t) => {
    t.increments('id');
    t.string('email', 254).notNullable();
    t.string('name', 120).notNullable();
    t.string('password_hash', 255).notNullable();
    t.string('role', 16).notNullable().defaultTo('editor');
    t.timestamp('disabled_at', { useTz: true });
    t.timestamp('last_sign_in_at', { useTz: true });
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.check("role in ('editor', 'admin')", [], 'editors_role_check');
    t.check("email = lower(email) and email like '%_@_%'", [], 'editors_email_check');
  });
  await knex.schema.raw('create unique index editors_email_unique on editors (email)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('editors');
}
