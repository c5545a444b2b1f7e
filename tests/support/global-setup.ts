import fs from 'node:fs';
import { createDb, dumpEmbeddedDb } from '../../db/knex';
import { migrateToLatest } from '../../db/migrate';
import { adminDb, removeAbandoned, snapshotFile, TEMPLATE_ENV, templateName } from './template';

/** Migrates one database for the whole run; each test file's database starts as a copy of it. */
export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  const databaseUrl = process.env.DATABASE_URL;
  if (databaseUrl) {
    const admin = adminDb(databaseUrl);
    try {
      await removeAbandoned(admin);
      const name = templateName(process.pid);
      await admin.raw(`create database ${name} template template0`);
      const url = new URL(databaseUrl);
      url.pathname = `/${name}`;
      const db = createDb({ databaseUrl: url.toString(), poolMax: 1 });
      await migrateToLatest(db).finally(() => db.destroy());
      process.env[TEMPLATE_ENV] = name;
    } finally {
      await admin.destroy();
    }
  } else {
    await removeAbandoned(undefined);
    const db = createDb({});
    try {
      await migrateToLatest(db);
      fs.writeFileSync(snapshotFile(process.pid), Buffer.from(await (await dumpEmbeddedDb(db)).arrayBuffer()));
    } finally {
      await db.destroy();
    }
    process.env[TEMPLATE_ENV] = snapshotFile(process.pid);
  }
  process.stderr.write(`\nMigrated the test template in ${((Date.now() - started) / 1000).toFixed(1)} s.\n`);
}
