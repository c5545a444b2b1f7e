import type { Knex } from 'knex';

// A document is what claims are taken from (an article, a transcript, a statement, a post):
// its full text as the words claims are checked against, and for a captured web page its HTML.
// The database computes each SHA-256 itself, so a stored hash always describes the stored text.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('documents', (t) => {
    t.increments('id');
    t.string('title', 500).notNullable();
    t.integer('publisher_id').references('id').inTable('sources').withKeyName('documents_publisher_fk');
    t.string('authors', 500).notNullable().defaultTo('');
    t.string('url', 2000);
    t.date('published_on');
    t.string('published_on_precision', 8);
    t.string('language', 35).notNullable();
    t.text('text').notNullable();
    t.string('text_sha256', 64).notNullable();
    t.text('html');
    t.string('html_sha256', 64);
    t.timestamp('captured_at', { useTz: true });
    // A corrected text is a new document naming the one it corrects; each is corrected at most once.
    t.integer('replaces_document_id').references('id').inTable('documents').withKeyName('documents_replaces_fk');
    t.boolean('full_text_public').notNullable().defaultTo(true);
    t.integer('version').notNullable().defaultTo(1);
    t.integer('created_by').references('id').inTable('editors');
    t.integer('updated_by').references('id').inTable('editors');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('deleted_at', { useTz: true });
    t.unique(['replaces_document_id'], { indexName: 'documents_replaces_unique' });
    t.check('char_length(btrim(title)) > 0', [], 'documents_title_present');
    t.check('char_length(btrim(text)) > 0', [], 'documents_text_present');
    // Well inside what one search vector can hold (1 MB), and longer than any article or transcript.
    t.check('char_length(text) <= 400000', [], 'documents_text_length');
    t.check("url is null or url ~ '^(http|https)://'", [], 'documents_url_check');
    // A BCP 47 tag as people write them: a 2–3 letter language, then subtags (script, region, variants).
    t.check("language ~ '^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$'", [], 'documents_language_check');
    t.check("published_on_precision in ('day', 'month', 'year')", [], 'documents_published_on_precision_check');
    t.check('(published_on is null) = (published_on_precision is null)', [], 'documents_published_on_pair');
    // "May 2023" is stored as its first day and never read as a day: no day the source does not give.
    t.check(
      "published_on_precision is distinct from 'month' or extract(day from published_on) = 1",
      [], 'documents_published_on_month_first_day',
    );
    t.check(
      "published_on_precision is distinct from 'year' or (extract(month from published_on) = 1 and extract(day from published_on) = 1)",
      [], 'documents_published_on_year_first_day',
    );
    t.check("text_sha256 ~ '^[0-9a-f]{64}$'", [], 'documents_text_sha256_check');
    t.check('(html is null) = (html_sha256 is null)', [], 'documents_html_sha256_pair');
    t.check('html is null or captured_at is not null', [], 'documents_html_captured');
    t.check('replaces_document_id is null or replaces_document_id <> id', [], 'documents_replaces_not_self');
    t.index(['publisher_id'], 'documents_publisher_index');
  });
  await knex.schema.raw(`
    create function documents_hash_texts() returns trigger language plpgsql as $$
    begin
      new.text_sha256 := encode(sha256(convert_to(new.text, 'UTF8')), 'hex');
      new.html_sha256 := case when new.html is null then null else encode(sha256(convert_to(new.html, 'UTF8')), 'hex') end;
      return new;
    end $$`);
  await knex.schema.raw(
    'create trigger documents_hash_texts before insert or update of text, html on documents for each row execute function documents_hash_texts()',
  );
  // Searched like claims: stemmed Russian/English words, and every word as written.
  const words = "title || ' ' || authors || ' ' || text";
  await knex.schema.raw(
    `alter table documents add column search_vector tsvector generated always as (to_tsvector('russian', ${words}) || to_tsvector('simple', ${words})) stored`,
  );
  await knex.schema.raw('create index documents_search_index on documents using gin (search_vector)');
  await knex.schema.raw('alter table revisions drop constraint revisions_entity_type_check');
  await knex.schema.raw("alter table revisions add constraint revisions_entity_type_check check (entity_type in ('source', 'dispute', 'claim', 'link', 'evidence', 'document'))");
}

export async function down(knex: Knex): Promise<void> {
  await knex('revisions').where('entity_type', 'document').delete();
  await knex.schema.raw('alter table revisions drop constraint revisions_entity_type_check');
  await knex.schema.raw("alter table revisions add constraint revisions_entity_type_check check (entity_type in ('source', 'dispute', 'claim', 'link', 'evidence'))");
  await knex.schema.dropTable('documents');
  await knex.schema.raw('drop function documents_hash_texts()');
}
