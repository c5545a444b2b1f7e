import type { Knex } from 'knex';

// Where in a document a claim was taken from, as the W3C Web Annotation model stores it: the
// exact words with a little text before and after (TextQuoteSelector), and their offsets in
// Unicode code points (TextPositionSelector). One anchor per claim.
// The database checks the selectors against the document's text, and once any anchor points
// into a document (or it is replaced) its text and HTML can no longer change: a correction is a new document.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('claim_anchors', (t) => {
    t.increments('id');
    t.integer('claim_id').notNullable().references('id').inTable('claims').withKeyName('claim_anchors_claim_fk');
    t.integer('document_id').notNullable().references('id').inTable('documents').withKeyName('claim_anchors_document_fk');
    t.text('exact').notNullable();
    t.string('prefix', 200).notNullable().defaultTo('');
    t.string('suffix', 200).notNullable().defaultTo('');
    t.integer('start_offset').notNullable();
    t.integer('end_offset').notNullable();
    // True when the claim's text is a translation: the passage is then the claim's original_text.
    t.boolean('is_translation').notNullable().defaultTo(false);
    t.integer('version').notNullable().defaultTo(1);
    t.integer('created_by').references('id').inTable('editors');
    t.integer('updated_by').references('id').inTable('editors');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('deleted_at', { useTz: true });
    t.check('start_offset >= 0 and end_offset > start_offset', [], 'claim_anchors_offsets_order');
    t.check('char_length(exact) = end_offset - start_offset', [], 'claim_anchors_exact_length');
    t.unique(['claim_id'], { indexName: 'claim_anchors_claim_unique' });
    t.index(['document_id'], 'claim_anchors_document_index');
  });
  // Reads the document under a share lock: a text edit racing this anchor waits for it, then is refused.
  await knex.schema.raw(`
    create function claim_anchors_check_passage() returns trigger language plpgsql as $$
    declare
      body text;
    begin
      select d.text into body from documents d where d.id = new.document_id for share;
      if not found then
        return new;
      end if;
      if substring(body from new.start_offset + 1 for new.end_offset - new.start_offset) is distinct from new.exact
        or char_length(new.prefix) > new.start_offset
        or substring(body from new.start_offset - char_length(new.prefix) + 1 for char_length(new.prefix)) <> new.prefix
        or substring(body from new.end_offset + 1 for char_length(new.suffix)) <> new.suffix then
        raise exception 'the anchor of claim % does not match the text of document %', new.claim_id, new.document_id
          using errcode = '23514', constraint = 'claim_anchors_passage_mismatch';
      end if;
      if new.is_translation and not exists (select 1 from claims c where c.id = new.claim_id and c.original_text is not null) then
        raise exception 'claim % is anchored as a translation but has no original text', new.claim_id
          using errcode = '23514', constraint = 'claim_anchors_translation_needs_original';
      end if;
      return new;
    end $$`);
  await knex.schema.raw(
    'create trigger claim_anchors_check_passage before insert or update on claim_anchors for each row execute function claim_anchors_check_passage()',
  );
  await knex.schema.raw(`
    create function documents_refuse_anchored_change() returns trigger language plpgsql as $$
    begin
      -- A replaced document stays as it was too: its anchors moved on, but their history points into it.
      if exists (select 1 from claim_anchors a where a.document_id = old.id)
        or exists (select 1 from documents r where r.replaces_document_id = old.id) then
        raise exception 'document % is quoted by claims or replaced: its text cannot change', old.id
          using errcode = '23514', constraint = 'documents_anchored_text_immutable';
      end if;
      return new;
    end $$`);
  await knex.schema.raw(`
    create trigger documents_refuse_anchored_change before update of text, html on documents for each row
    when (old.text is distinct from new.text or old.html is distinct from new.html)
    execute function documents_refuse_anchored_change()`);
  await knex.schema.raw('alter table revisions drop constraint revisions_entity_type_check');
  await knex.schema.raw("alter table revisions add constraint revisions_entity_type_check check (entity_type in ('source', 'dispute', 'claim', 'link', 'evidence', 'document', 'anchor'))");
}

export async function down(knex: Knex): Promise<void> {
  await knex('revisions').where('entity_type', 'anchor').delete();
  await knex.schema.raw('alter table revisions drop constraint revisions_entity_type_check');
  await knex.schema.raw("alter table revisions add constraint revisions_entity_type_check check (entity_type in ('source', 'dispute', 'claim', 'link', 'evidence', 'document'))");
  await knex.schema.raw('drop trigger documents_refuse_anchored_change on documents');
  await knex.schema.raw('drop function documents_refuse_anchored_change()');
  await knex.schema.dropTable('claim_anchors');
  await knex.schema.raw('drop function claim_anchors_check_passage()');
}
