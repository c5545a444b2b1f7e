import path from 'node:path';
import { createDbFromConfig } from '../../db/knex';
import { exportDatabase } from '../../db/export';
import { writeExportFile } from '../../db/export-file';
import { loadConfig } from '../config';
import { progress } from './progress';

const USAGE = 'usage: npm run export -- FILE [--with-accounts]';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const withAccounts = args.includes('--with-accounts');
  const files = args.filter((a) => a !== '--with-accounts');
  if (files.length !== 1 || files[0].startsWith('-')) throw new Error(USAGE);
  const file = path.resolve(files[0]);
  const config = loadConfig();
  const db = createDbFromConfig(config);
  try {
    progress('Reading the database in one snapshot…');
    const data = await exportDatabase(db, { withAccounts });
    progress(`Writing ${file}…`);
    writeExportFile(file, data);
    const counts = Object.entries(data.tables).map(([table, rows]) => `${rows.length} ${table}`).join(', ');
    console.log(`Exported ${counts} to ${file}${withAccounts ? ' (with accounts: keep this file secret)' : ''}.`);
  } finally {
    await db.destroy();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
