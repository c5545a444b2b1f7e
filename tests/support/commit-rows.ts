// Run as a child process: opens the embedded database in argv[2] and commits argv[3] rows, one
// transaction each, so a test can watch (strace) what reaches the disk.
import { createDb } from '../../db/knex';

async function main(): Promise<void> {
  const [dataDir, count] = [process.argv[2], Number(process.argv[3])];
  const db = createDb({ dataDir });
  await db.raw('create table if not exists saves (id serial primary key, body text not null)');
  // Markers a trace of the process can find: the commits happen between them.
  process.stdout.write('commits start\n');
  const started = process.hrtime.bigint();
  for (let i = 0; i < count; i++) await db('saves').insert({ body: `save ${i}` });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  process.stdout.write('commits end\n');
  console.log(JSON.stringify({ ms }));
  await db.destroy();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
