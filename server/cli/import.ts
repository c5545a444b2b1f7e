import fs from 'node:fs';
import path from 'node:path';
import { createDb, createDbFromConfig, Db, DbConfig, embeddedDataDir, lockDataDir } from '../../db/knex';
import { importExport } from '../../db/export';
import { openExportFile } from '../../db/export-file';
import { migrateToLatest } from '../../db/migrate';
import { loadConfig } from '../config';
import { progress } from './progress';

const USAGE = 'usage: npm run import -- FILE [--progress]   (into an empty database: a new DATABASE_URL database or a new DATA_DIR)';

type Counts = Record<string, number>;

// --progress: each step and each batch as a line on stderr ("claims 5000").
let report: ((step: string, rows: number) => void) | undefined;

async function intoDb(db: Db, load: (db: Db) => Promise<Counts>): Promise<Counts> {
  try {
    report?.('migrating', 0);
    await migrateToLatest(db);
    return await load(db);
  } finally {
    await db.destroy();
  }
}

/**
 * A new embedded data folder is built beside its place and renamed into it once complete: an
 * import killed at any point (even while PGlite creates the folder) leaves no folder at all, and
 * the next try starts afresh. An existing folder (migrated, still empty) is loaded in place, in
 * one transaction.
 */
async function intoEmbedded(config: DbConfig, load: (db: Db) => Promise<Counts>): Promise<Counts> {
  const { dataDir } = config;
  const folder = embeddedDataDir(dataDir);
  if (fs.existsSync(folder)) return intoDb(createDbFromConfig(config), load);
  // The one database opened outside the configuration: the folder it becomes once complete.
  const building = `${folder}.importing`;
  fs.mkdirSync(dataDir, { recursive: true });
  lockDataDir(building);
  lockDataDir(folder);
  fs.rmSync(building, { recursive: true, force: true });
  const counts = await intoDb(createDb({ dataDir: building }), load);
  fs.renameSync(building, folder);
  const parent = fs.openSync(dataDir, 'r');
  fs.fsyncSync(parent);
  fs.closeSync(parent);
  return counts;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const reportBatches = args.includes('--progress');
  const files = args.filter((a) => a !== '--progress');
  if (files.length !== 1 || files[0].startsWith('-')) throw new Error(USAGE);
  progress(`Reading ${files[0]}…`);
  const source = await openExportFile(path.resolve(files[0]));
  const config = loadConfig();
  if (reportBatches) report = (step, rows) => console.error(`${step} ${rows}`);
  progress('Importing, all or nothing (the first time, the tables are created first)…');
  const load = (db: Db) => importExport(db, source, report);
  const counts = config.databaseUrl ? await intoDb(createDbFromConfig(config), load) : await intoEmbedded(config, load);
  console.log(`Imported ${Object.entries(counts).map(([table, n]) => `${n} ${table}`).join(', ')}.`);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
