import type { Knex } from 'knex';

// Every verification decision on a claim: who, when, from, to and why. Append-only.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('status_changes', (t) => {
    t.increments('id');
    t.integer('claim_id').notNullable().references('id').inTable('claims').withKeyName('status_changes_claim_fk');
    t.string('from_status', 16);
    t.string('to_status', 16).notNullable();
    t.string('rationale', 5000).notNullable();
    t.integer('editor_id').references('id').inTable('editors');
    t.timestamp('decided_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['claim_id', 'decided_at'], 'status_changes_claim_index');
    t.index(['decided_at'], 'status_changes_decided_index');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('status_changes');
}
