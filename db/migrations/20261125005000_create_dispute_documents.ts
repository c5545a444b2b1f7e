import type { Knex } from 'knex';

// What a dispute page lists (positions, claims, links, evidence, verdicts), kept as one JSON
// document per dispute beside the content version it was read at: the page then needs one
// row instead of six joined listings. A document whose version is not the dispute's current
// one is never used, only rebuilt, so no write has to maintain it. Derived data: not exported.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('dispute_documents', (t) => {
    t.integer('dispute_id').primary().references('id').inTable('disputes').onDelete('CASCADE').withKeyName('dispute_documents_dispute_fk');
    t.string('content_version', 64).notNullable();
    t.json('content').notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('dispute_documents');
}
