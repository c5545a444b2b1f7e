import type { Knex } from 'knex';

// Evidence items behind a claim's verdict, numbered per claim so a rationale can cite "[2]".
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('evidence', (t) => {
    t.increments('id');
    t.integer('claim_id').notNullable().references('id').inTable('claims').withKeyName('evidence_claim_fk');
    t.integer('number').notNullable();
    t.string('kind', 24).notNullable();
    t.string('title', 300).notNullable();
    t.string('url', 2000);
    t.string('archive_url', 2000);
    t.string('publisher', 200).notNullable().defaultTo('');
    t.date('published_on');
    t.string('description', 2000).notNullable().defaultTo('');
    t.string('bearing', 12).notNullable();
    t.integer('version').notNullable().defaultTo(1);
    t.integer('created_by').references('id').inTable('editors');
    t.integer('updated_by').references('id').inTable('editors');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('deleted_at', { useTz: true });
    t.unique(['claim_id', 'number'], { indexName: 'evidence_claim_number_unique' });
    t.check(
      "kind in ('official_statement', 'independent_report', 'document', 'photo_video', 'satellite_imagery', 'geolocation', 'casualty_list', 'other')",
      [], 'evidence_kind_check',
    );
    t.check("bearing in ('supports', 'refutes', 'context')", [], 'evidence_bearing_check');
    t.check("url is null or url ~ '^(http|https)://'", [], 'evidence_url_check');
    t.check("archive_url is null or archive_url ~ '^(http|https)://'", [], 'evidence_archive_url_check');
    t.check('char_length(btrim(title)) > 0', [], 'evidence_title_present');
  });
  await knex.schema.raw('alter table revisions drop constraint revisions_entity_type_check');
  await knex.schema.raw("alter table revisions add constraint revisions_entity_type_check check (entity_type in ('source', 'dispute', 'claim', 'link', 'evidence'))");
}

export async function down(knex: Knex): Promise<void> {
  await knex('revisions').where('entity_type', 'evidence').delete();
  await knex.schema.raw('alter table revisions drop constraint revisions_entity_type_check');
  await knex.schema.raw("alter table revisions add constraint revisions_entity_type_check check (entity_type in ('source', 'dispute', 'claim', 'link'))");
  await knex.schema.dropTable('evidence');
}
