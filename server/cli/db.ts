import { createDbFromConfig, Db } from '../../db/knex';
import { migrateToLatest, rollbackLastBatch } from '../../db/migrate';
import { runSeeds } from '../../db/seed';
import { loadConfig } from '../config';
import { progress } from './progress';

const COMMANDS: Record<string, (db: Db) => Promise<string>> = {
  migrate: async (db) => `applied: ${(await migrateToLatest(db)).join(', ') || 'nothing, already current'}`,
  rollback: async (db) => `rolled back: ${(await rollbackLastBatch(db)).join(', ') || 'nothing'}`,
  seed: async (db) => {
    await migrateToLatest(db);
    await runSeeds(db);
    return 'founding case loaded (existing records were kept)';
  },
};

async function main(): Promise<void> {
  const command = process.argv[2] ?? '';
  const run = COMMANDS[command];
  if (!run) throw new Error(`usage: db.js ${Object.keys(COMMANDS).join('|')}`);
  const config = loadConfig();
  const db = createDbFromConfig(config);
  try {
    progress(`db ${command}: opening the database…`);
    console.log(await run(db));
  } finally {
    await db.destroy();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
