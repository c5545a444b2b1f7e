import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { usingPostgres } from './support/db';

// An acknowledged save must survive a power cut, not only a killed process: on the embedded
// engine every commit reaches the disk with fsync(2) before it is acknowledged. Watched with
// strace, as the fault was found; PostgreSQL does this itself (its fsync setting, not ours).

const ROOT = path.resolve(__dirname, '..');
const hasStrace = spawnSync('strace', ['-V']).status === 0;
const onEmbedded = !usingPostgres && hasStrace ? describe : describe.skip;
if (!usingPostgres && !hasStrace) console.warn('durability.test.ts skipped: strace is not installed (apt-get install strace)');

onEmbedded('the embedded engine', () => {
  let folder: string;
  beforeAll(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-durable-'));
  });
  afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

  it('calls fsync for every commit before acknowledging it', () => {
    const trace = path.join(folder, 'trace');
    const commits = 20;
    const env = { ...process.env };
    delete env.NODE_OPTIONS;
    const run = spawnSync(
      'strace',
      ['-f', '-e', 'trace=fsync,fdatasync,write', '-o', trace, process.execPath, '-r', path.join(__dirname, 'support/ts-register.js'),
        path.join(__dirname, 'support/commit-rows.ts'), path.join(folder, 'pglite'), String(commits)],
      { cwd: ROOT, env, encoding: 'utf8', timeout: 120_000 },
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const lines = fs.readFileSync(trace, 'utf8').split('\n');
    const start = lines.findIndex((line) => line.includes('"commits start\\n"'));
    const end = lines.findIndex((line) => line.includes('"commits end\\n"'));
    expect(start).toBeGreaterThan(-1);
    const syncs = lines.slice(start, end).filter((line) => /\bf(data)?sync\(\d+/.test(line) && !line.includes('= -1'));
    expect(syncs.length).toBeGreaterThanOrEqual(commits);
  }, 150_000);
});
