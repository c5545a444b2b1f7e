import type { Knex } from 'knex';

// Each time a claim was repeated elsewhere: which outlet, who spoke (when not the claim's own
// source), when (with the precision the record gives), where (a URL, or a passage of a kept
// document), in what language, and the editor's two judgements: how the outlet attributed it and
// how faithfully it repeated it. `parent_appearance_id` says which appearance it was taken from;
// a chain may loop by mistake, which the app reports rather than the schema refusing.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('claim_appearances', (t) => {
    t.increments('id');
    t.integer('claim_id').notNullable().references('id').inTable('claims').withKeyName('claim_appearances_claim_fk');
    t.integer('source_id').notNullable().references('id').inTable('sources').withKeyName('claim_appearances_source_fk');
    t.string('speaker', 200);
    t.date('said_on').notNullable();
    t.string('said_on_precision', 8).notNullable().defaultTo('day');
    t.string('url', 2000);
    t.integer('document_id').references('id').inTable('documents').withKeyName('claim_appearances_document_fk');
    t.text('exact');
    t.string('prefix', 200);
    t.string('suffix', 200);
    t.integer('start_offset');
    t.integer('end_offset');
    t.string('language', 35);
    t.string('attribution', 16).notNullable();
    t.string('fidelity', 16).notNullable();
    t.integer('parent_appearance_id');
    // The editor's word that this is where the claim first appeared; without it "first" is only
    // said of the earliest appearance dated to the day.
    t.boolean('is_first').notNullable().defaultTo(false);
    t.string('note', 2000).notNullable().defaultTo('');
    t.integer('version').notNullable().defaultTo(1);
    t.integer('created_by').references('id').inTable('editors');
    t.integer('updated_by').references('id').inTable('editors');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('deleted_at', { useTz: true });
    // A parent is an appearance of the same claim.
    t.unique(['id', 'claim_id'], { indexName: 'claim_appearances_id_claim_unique' });
    t.foreign(['parent_appearance_id', 'claim_id'], 'claim_appearances_parent_fk').references(['id', 'claim_id']).inTable('claim_appearances');
    t.check('parent_appearance_id is null or parent_appearance_id <> id', [], 'claim_appearances_parent_not_self');
    t.check("said_on_precision in ('day', 'month', 'year')", [], 'claim_appearances_said_on_precision_check');
    t.check("attribution in ('attributed', 'unattributed', 'adopted')", [], 'claim_appearances_attribution_check');
    t.check("fidelity in ('verbatim', 'paraphrase', 'escalated', 'softened', 'changed_figure')", [], 'claim_appearances_fidelity_check');
    t.check("url is null or url ~ '^(http|https)://'", [], 'claim_appearances_url_check');
    t.check('speaker is null or char_length(btrim(speaker)) > 0', [], 'claim_appearances_speaker_present');
    t.check('url is not null or document_id is not null', [], 'claim_appearances_place_present');
    // A passage is all five selector fields or none, and only inside a document.
    t.check(
      '(exact is null) = (start_offset is null) and (exact is null) = (end_offset is null)'
        + ' and (exact is null) = (prefix is null) and (exact is null) = (suffix is null)'
        + ' and (exact is null or document_id is not null)',
      [], 'claim_appearances_passage_complete',
    );
    t.check('start_offset is null or (start_offset >= 0 and end_offset > start_offset)', [], 'claim_appearances_offsets_order');
    t.check('exact is null or char_length(exact) = end_offset - start_offset', [], 'claim_appearances_exact_length');
    t.index(['claim_id'], 'claim_appearances_claim_index');
    t.index(['source_id'], 'claim_appearances_source_index');
    t.index(['document_id'], 'claim_appearances_document_index');
  });
  // Every record kind that later work keeps history for, named once so parallel changes do not
  // each rewrite this list.
  await knex.schema.raw('alter table revisions drop constraint revisions_entity_type_check');
  await knex.schema.raw(
    "alter table revisions add constraint revisions_entity_type_check check (entity_type in ('source', 'dispute', 'claim', 'link', 'evidence', 'document', 'anchor', 'appearance', 'reconciliation', 'site_page', 'assignment', 'note', 'setting'))",
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex('revisions').whereIn('entity_type', ['appearance', 'reconciliation', 'site_page', 'assignment', 'note', 'setting']).delete();
  await knex.schema.raw('alter table revisions drop constraint revisions_entity_type_check');
  await knex.schema.raw("alter table revisions add constraint revisions_entity_type_check check (entity_type in ('source', 'dispute', 'claim', 'link', 'evidence', 'document', 'anchor'))");
  await knex.schema.dropTable('claim_appearances');
}
