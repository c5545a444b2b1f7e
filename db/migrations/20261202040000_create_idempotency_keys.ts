import type { Knex } from 'knex';

// One-time keys of create forms: a key is written in the same transaction as the record it
// created, so a form sent twice (double click, proxy retry, "Send again" after a lost reply)
// finds it and answers the first redirect instead of creating a second record. The primary key
// is what makes two simultaneous sends wait for each other. Keys are scoped to who sent them
// and where; they are forgotten after a day.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('idempotency_keys', (t) => {
    t.string('owner', 80).notNullable();
    t.string('action', 500).notNullable();
    t.string('key', 64).notNullable();
    // Filled in by the same transaction that inserts the row, so a committed key always has them.
    t.string('location', 2000);
    t.string('notice', 1000);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['owner', 'action', 'key'], { constraintName: 'idempotency_keys_pkey' });
    t.index(['created_at'], 'idempotency_keys_created_at_index');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('idempotency_keys');
}
