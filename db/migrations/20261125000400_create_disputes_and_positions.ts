import type { Knex } from 'knex';

// A dispute is a question that opposing claims answer differently; its positions
// are the answers, and every claim stands under one of them.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('disputes', (t) => {
    t.increments('id');
    t.string('slug', 120).notNullable().unique('disputes_slug_unique');
    t.string('title', 300).notNullable();
    t.string('summary', 5000).notNullable().defaultTo('');
    t.date('events_from');
    t.date('events_to');
    t.string('events_place', 200).notNullable().defaultTo('');
    t.string('state', 16).notNullable().defaultTo('draft');
    t.timestamp('published_at', { useTz: true });
    t.integer('version').notNullable().defaultTo(1);
    t.integer('created_by').references('id').inTable('editors');
    t.integer('updated_by').references('id').inTable('editors');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('deleted_at', { useTz: true });
    t.check("state in ('draft', 'published')", [], 'disputes_state_check');
    t.check('events_to is null or events_from is null or events_to >= events_from', [], 'disputes_events_order');
    t.check("char_length(btrim(title)) > 0", [], 'disputes_title_present');
  });
  await knex.schema.raw(
    'create index disputes_published_index on disputes (updated_at desc, id desc) ' +
      "where state = 'published' and deleted_at is null",
  );

  await knex.schema.createTable('positions', (t) => {
    t.increments('id');
    t.integer('dispute_id').notNullable().references('id').inTable('disputes').withKeyName('positions_dispute_fk');
    t.string('label', 200).notNullable();
    t.integer('sort_order').notNullable();
    t.unique(['id', 'dispute_id'], { indexName: 'positions_id_dispute_unique' });
    t.index(['dispute_id', 'sort_order'], 'positions_dispute_index');
    t.check("char_length(btrim(label)) > 0", [], 'positions_label_present');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('positions');
  await knex.schema.dropTable('disputes');
}
