import type { Knex } from 'knex';

// A source is a person or body that makes claims.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('sources', (t) => {
    t.increments('id');
    t.string('slug', 120).notNullable().unique('sources_slug_unique');
    t.string('name', 200).notNullable();
    t.string('kind', 16).notNullable();
    t.string('description', 2000).notNullable().defaultTo('');
    t.integer('affiliation_id').references('id').inTable('sources').withKeyName('sources_affiliation_fk');
    t.string('url', 2000);
    t.integer('version').notNullable().defaultTo(1);
    t.integer('created_by').references('id').inTable('editors');
    t.integer('updated_by').references('id').inTable('editors');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('deleted_at', { useTz: true });
    t.check("kind in ('person', 'organisation', 'government', 'military', 'media', 'other')", [], 'sources_kind_check');
    t.check("url is null or url ~ '^(http|https)://'", [], 'sources_url_check');
    t.check('affiliation_id is null or affiliation_id <> id', [], 'sources_affiliation_not_self');
    t.check("char_length(btrim(name)) > 0", [], 'sources_name_present');
    t.index(['name'], 'sources_name_index');
    t.index(['affiliation_id'], 'sources_affiliation_index');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('sources');
}
