import type { Knex } from 'knex';

// A claim is what a source said, where and when, with its current verification status.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('claims', (t) => {
    t.increments('id');
    t.integer('dispute_id').notNullable();
    t.integer('position_id').notNullable();
    t.integer('source_id').notNullable().references('id').inTable('sources').withKeyName('claims_source_fk');
    t.string('text', 5000).notNullable();
    t.boolean('is_verbatim').notNullable();
    t.string('original_text', 5000);
    t.string('original_language', 35);
    t.date('said_on').notNullable();
    t.string('said_on_precision', 8).notNullable().defaultTo('day');
    t.string('venue', 300).notNullable();
    t.string('url', 2000);
    t.string('status', 16).notNullable().defaultTo('unverified');
    t.string('status_rationale', 5000).notNullable().defaultTo('');
    t.timestamp('status_changed_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.integer('version').notNullable().defaultTo(1);
    t.integer('created_by').references('id').inTable('editors');
    t.integer('updated_by').references('id').inTable('editors');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('deleted_at', { useTz: true });
    // The position must belong to the claim's dispute.
    t.foreign(['position_id', 'dispute_id'], 'claims_position_fk').references(['id', 'dispute_id']).inTable('positions');
    t.check(
      "status in ('unverified', 'unverifiable', 'contested', 'false', 'misleading', 'partly_true', 'true')",
      [],
      'claims_status_check',
    );
    t.check("said_on_precision in ('day', 'month', 'year')", [], 'claims_said_on_precision_check');
    t.check("url is null or url ~ '^(http|https)://'", [], 'claims_url_check');
    t.check("char_length(btrim(text)) > 0", [], 'claims_text_present');
    t.check('(original_text is null) = (original_language is null)', [], 'claims_original_pair');
    t.index(['dispute_id', 'position_id'], 'claims_dispute_index');
    t.index(['source_id', 'status'], 'claims_source_index');
    t.index(['position_id'], 'claims_position_index');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('claims');
}
