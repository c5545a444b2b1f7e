import { createDbFromConfig } from '../../db/knex';
import { loadConfig } from '../config';
import { recheckDocuments } from '../outbound/recheck-documents';

// Run by the operator (or a schedule the operator sets up), never by the server on its own.
async function main(): Promise<void> {
  if (process.argv.length > 2) throw new Error('usage: npm run recheck-documents');
  const config = loadConfig();
  const db = createDbFromConfig(config);
  try {
    const checks = await recheckDocuments(db, { allow: config.fetchAllowHosts }, (check) => {
      const missing = check.quotes.filter((quote) => quote.present === false).length;
      const detail = check.message ?? (missing ? `${missing} of ${check.quotes.length} quotes missing` : `${check.quotes.length} quotes present`);
      console.log(`document ${check.document_id}: ${check.status} (${detail}) ${check.url}`);
    });
    console.log(`Checked ${checks.length} document${checks.length === 1 ? '' : 's'} with a URL.`);
  } finally {
    await db.destroy();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
