import type { Knex } from 'knex';

// Full-text search in PostgreSQL itself. The 'russian' configuration stems Russian words
// and, for Latin script, English ones; 'simple' keeps every word as written, so prefix
// queries also find Ukrainian and other words no stemmer here knows.
const VECTORS: [table: string, text: string][] = [
  ['claims', "text || ' ' || coalesce(original_text, '')"],
  ['sources', "name || ' ' || description"],
  ['disputes', "title || ' ' || summary"],
];

export async function up(knex: Knex): Promise<void> {
  for (const [table, text] of VECTORS) {
    await knex.schema.raw(
      `alter table ${table} add column search_vector tsvector generated always as ` +
        `(to_tsvector('russian', ${text}) || to_tsvector('simple', ${text})) stored`,
    );
    await knex.schema.raw(`create index ${table}_search_index on ${table} using gin (search_vector)`);
  }
}

export async function down(knex: Knex): Promise<void> {
  for (const [table] of VECTORS) {
    await knex.schema.raw(`drop index ${table}_search_index`);
    await knex.schema.raw(`alter table ${table} drop column search_vector`);
  }
}
