import type { Knex } from 'knex';

// What `npm run recheck-documents` found at a document's URL, one dated row per check: is the
// page still there, and does it still hold each quote a claim was anchored to. Kept, never
// edited: a history of checks, newest shown first on the document page.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('document_checks', (t) => {
    t.increments('id');
    t.integer('document_id').notNullable().references('id').inTable('documents').onDelete('CASCADE').withKeyName('document_checks_document_fk');
    t.timestamp('checked_at', { useTz: true }).notNullable();
    t.string('status', 16).notNullable();
    t.string('url', 2000).notNullable();
    // Where the page was found after redirects, when it was fetched.
    t.string('final_url', 2000);
    t.integer('http_status');
    t.text('message');
    t.string('text_sha256', 64);
    t.boolean('text_unchanged');
    // One entry per anchor checked: {anchor_id, claim_id, present}; present is null when the page could not be read.
    t.jsonb('quotes').notNullable().defaultTo('[]');
    t.check("status in ('reachable', 'changed', 'gone', 'unavailable')", [], 'document_checks_status_check');
    t.check("jsonb_typeof(quotes) = 'array'", [], 'document_checks_quotes_array');
    t.index(['document_id', 'checked_at'], 'document_checks_document_index');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('document_checks');
}
