import fs from 'node:fs';
import path from 'node:path';
import { createDb } from '../../db/knex';
import { importDatabase } from '../../db/export';
import { migrateToLatest } from '../../db/migrate';
import { loadConfig } from '../config';
import { progress } from './progress';

const USAGE = 'usage: npm run import -- FILE   (into an empty database: a new DATABASE_URL database or a new DATA_DIR)';

function readJson(file: string): unknown {
  const text = fs.readFileSync(file, 'utf8');
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`${file} is not a Counterclaim export: it is not JSON.`);
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.length !== 1 || args[0].startsWith('-')) throw new Error(USAGE);
  progress(`Reading ${args[0]}…`);
  const data = readJson(path.resolve(args[0]));
  const config = loadConfig();
  const db = createDb({ databaseUrl: config.databaseUrl, dataDir: path.join(config.dataDir, 'pglite') });
  try {
    progress('Preparing the database (the first time: creating the tables)…');
    await migrateToLatest(db);
    progress('Importing, all or nothing…');
    const counts = await importDatabase(db, data);
    console.log(`Imported ${Object.entries(counts).map(([table, n]) => `${n} ${table}`).join(', ')}.`);
  } finally {
    await db.destroy();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
