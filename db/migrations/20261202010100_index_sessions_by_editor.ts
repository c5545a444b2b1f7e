import type { Knex } from 'knex';

// Ending an editor's other sessions (password change, "sign out everywhere else") finds them by
// the editor id inside the session data.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.raw("create index sessions_editor_index on sessions ((data->>'editorId'))");
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.raw('drop index sessions_editor_index');
}
