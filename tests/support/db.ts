import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import knexFactory from 'knex';
import { createDb, Db } from '../../db/knex';
import { migrateToLatest } from '../../db/migrate';
import { TEMPLATE_ENV } from './template';

export interface TestDb {
  db: Db;
  /** The fresh database's own URL (PostgreSQL only), for child processes. */
  url: string | undefined;
  drop(): Promise<void>;
}

export const usingPostgres = Boolean(process.env.DATABASE_URL);

// PostgreSQL refuses to copy a template database while another CREATE DATABASE is copying it
// (error 55006), which parallel test workers do: wait briefly and try again.
async function createDatabase(admin: knexFactory.Knex, name: string, template: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await admin.raw(`create database ${name} template ${template}`);
      return;
    } catch (err) {
      if ((err as { code?: string }).code !== '55006' || attempt === 20) throw err;
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }
}

// The run's migrated template (global-setup.ts), read once per test file.
let snapshot: Blob | undefined;
export function migratedSnapshot(): Blob | undefined {
  const file = process.env[TEMPLATE_ENV];
  if (!snapshot && file) snapshot = new Blob([fs.readFileSync(file)]);
  return snapshot;
}

/**
 * A fresh, empty, migrated database for one test file: its own database on the
 * PostgreSQL server named by DATABASE_URL, or an in-memory PGlite without it.
 * Both are copies of the run's migrated template; without `migrate`, an empty one.
 */
export async function createTestDb(options: { migrate?: boolean } = {}): Promise<TestDb> {
  const migrate = options.migrate ?? true;
  if (!process.env.DATABASE_URL) {
    const start = migrate ? migratedSnapshot() : undefined;
    const db = createDb({ snapshot: start });
    if (migrate && !start) await migrateToLatest(db);
    return { db, url: undefined, drop: () => db.destroy() };
  }
  const name = `cc_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = knexFactory({ client: 'pg', connection: process.env.DATABASE_URL, pool: { min: 0, max: 1 } });
  const template = migrate ? process.env[TEMPLATE_ENV] : undefined;
  await createDatabase(admin, name, template ?? 'template0');
  const url = new URL(process.env.DATABASE_URL);
  url.pathname = `/${name}`;
  const db = createDb({ databaseUrl: url.toString(), poolMax: 5 });
  if (migrate && !template) await migrateToLatest(db);
  return {
    db,
    url: url.toString(),
    drop: async () => {
      await db.destroy();
      await admin.raw(`drop database if exists ${name} with (force)`);
      await admin.destroy();
    },
  };
}
