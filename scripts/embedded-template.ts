// Run by `npm run build` after compiling: the empty, migrated embedded data directory that a first
// start copies instead of creating one (db/knex.ts, EMBEDDED_TEMPLATE). It holds no data and no secret.
import fs from 'node:fs';
import { createDb, EMBEDDED_TEMPLATE } from '../db/knex';
import { migrateToLatest } from '../db/migrate';

async function main(): Promise<void> {
  const building = `${EMBEDDED_TEMPLATE}.building`;
  fs.rmSync(building, { recursive: true, force: true });
  const db = createDb({ dataDir: building });
  try {
    await migrateToLatest(db);
  } finally {
    await db.destroy();
  }
  // Renamed into place: an interrupted build never leaves half a template for a first start.
  fs.rmSync(EMBEDDED_TEMPLATE, { recursive: true, force: true });
  fs.renameSync(building, EMBEDDED_TEMPLATE);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
