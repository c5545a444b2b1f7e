import type { Knex } from 'knex';

// An editor's statement that one claim contradicts, supports or qualifies another.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('claim_links', (t) => {
    t.increments('id');
    t.integer('from_claim_id').notNullable().references('id').inTable('claims').withKeyName('claim_links_from_fk');
    t.integer('to_claim_id').notNullable().references('id').inTable('claims').withKeyName('claim_links_to_fk');
    t.string('type', 16).notNullable();
    t.string('note', 2000).notNullable().defaultTo('');
    t.integer('version').notNullable().defaultTo(1);
    t.integer('created_by').references('id').inTable('editors');
    t.integer('updated_by').references('id').inTable('editors');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('deleted_at', { useTz: true });
    t.check("type in ('contradicts', 'supports', 'qualifies')", [], 'claim_links_type_check');
    t.check('from_claim_id <> to_claim_id', [], 'claim_links_not_self');
    t.index(['to_claim_id'], 'claim_links_to_index');
  });
  // One live link per pair of claims, whichever way round it was recorded.
  await knex.schema.raw(
    'create unique index claim_links_pair_unique on claim_links ' +
      '(least(from_claim_id, to_claim_id), greatest(from_claim_id, to_claim_id)) where deleted_at is null',
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('claim_links');
}
