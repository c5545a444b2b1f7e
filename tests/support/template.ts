import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import knexFactory from 'knex';
import { isRunning } from '../../db/knex';

// One migrated schema per test run, copied for each test file instead of migrating every file's
// database: a PostgreSQL template database, or a PGlite data directory tarball. Made in jest's
// globalSetup, named to its process so parallel runs never share one.
export const TEMPLATE_ENV = 'CC_TEST_TEMPLATE';

export function templateName(pid: number): string {
  return `cc_template_${pid}`;
}

export function snapshotFile(pid: number): string {
  return path.join(os.tmpdir(), `cc-test-snapshot-${pid}.tar`);
}

export function adminDb(url: string): knexFactory.Knex {
  return knexFactory({ client: 'pg', connection: url, pool: { min: 0, max: 1 } });
}

/** Templates and snapshots of runs that were killed before their teardown. */
export async function removeAbandoned(admin: knexFactory.Knex | undefined): Promise<void> {
  if (admin) {
    const { rows } = await admin.raw("select datname from pg_database where datname like 'cc\\_template\\_%'");
    for (const { datname } of rows as { datname: string }[]) {
      if (!isRunning(Number(datname.split('_').pop()))) await admin.raw(`drop database if exists ${datname} with (force)`);
    }
    return;
  }
  for (const name of fs.readdirSync(os.tmpdir())) {
    const pid = /^cc-test-snapshot-(\d+)\.tar$/.exec(name)?.[1];
    if (pid && !isRunning(Number(pid))) fs.rmSync(path.join(os.tmpdir(), name), { force: true });
  }
}
