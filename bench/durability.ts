import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { durableStorage } from '../db/durable-fs';

/*
 * npm run bench:durability [-- SAVES]
 * What fsync at every commit costs the embedded engine: the same SAVES one-row commits into a
 * data folder, once as PGlite ships (no fsync) and once as the app opens it (db/durable-fs.ts).
 */

async function timeSaves(label: string, options: object, saves: number): Promise<void> {
  const db = new PGlite(options);
  await db.exec('create table saves (id serial primary key, body text not null)');
  const started = process.hrtime.bigint();
  for (let i = 0; i < saves; i++) await db.query('insert into saves (body) values ($1)', [`save ${i} `.repeat(40)]);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  await db.close();
  console.log(`${label.padEnd(26)} ${saves} saves in ${ms.toFixed(0)} ms: ${(ms / saves).toFixed(2)} ms a save`);
}

async function main(): Promise<void> {
  const saves = Number(process.argv[2] ?? 500);
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-durability-'));
  try {
    await timeSaves('without fsync (PGlite)', { dataDir: path.join(folder, 'plain') }, saves);
    await timeSaves('with fsync (Counterclaim)', durableStorage(path.join(folder, 'durable')), saves);
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
