import type { Db } from './knex';

/** Reads a setting, storing `fallback` first if none exists yet; every process gets the same value. */
export async function getOrCreateSetting(db: Db, key: string, fallback: string): Promise<string> {
  await db('settings').insert({ key, value: fallback }).onConflict('key').ignore();
  const row = await db('settings').where({ key }).first('value');
  return row.value;
}
