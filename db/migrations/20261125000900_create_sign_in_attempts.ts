import type { Knex } from 'knex';

// Failed sign-ins, kept in the database so throttling holds across app processes.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('sign_in_attempts', (t) => {
    t.bigIncrements('id');
    t.string('email', 254).notNullable();
    t.string('ip', 64).notNullable();
    t.timestamp('attempted_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['email', 'attempted_at'], 'sign_in_attempts_email_index');
    t.index(['ip', 'attempted_at'], 'sign_in_attempts_ip_index');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('sign_in_attempts');
}
