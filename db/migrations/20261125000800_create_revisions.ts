import type { Knex } from 'knex';

// Append-only snapshots of sources, disputes, claims and links: one per saved version.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('revisions', (t) => {
    t.bigIncrements('id');
    t.string('entity_type', 16).notNullable();
    t.integer('entity_id').notNullable();
    t.integer('version').notNullable();
    t.jsonb('snapshot').notNullable();
    t.string('summary', 500).notNullable().defaultTo('');
    t.integer('editor_id').references('id').inTable('editors');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['entity_type', 'entity_id', 'version'], { indexName: 'revisions_entity_version_unique' });
    t.index(['created_at'], 'revisions_created_index');
    t.check("entity_type in ('source', 'dispute', 'claim', 'link')", [], 'revisions_entity_type_check');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('revisions');
}
