import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { createDb, Db } from '../../db/knex';
import { migrateToLatest } from '../../db/migrate';
import { migratedSnapshot } from './db';

const ROOT = path.resolve(__dirname, '../..');
const REGISTER = path.join(__dirname, 'ts-register.js');
const ENTRY = path.join(ROOT, 'server/index.ts');
const START_TIMEOUT_MS = 90_000;

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** Everything the process wrote so far, stdout then stderr. */
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** A free loopback port (another process could take it first, but nothing else here is looking). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
    probe.on('error', reject);
  });
}

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1000) })).ok;
  } catch {
    return false;
  }
}

/**
 * Runs the real server (server/index.ts, as `npm start` runs its build) in its own process on a
 * free port, with structured logs on, and resolves once /healthz answers.
 */
export async function startServer(env: Record<string, string>): Promise<ServerProcess> {
  const port = await freePort();
  const childEnv: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'info', PORT: String(port), DATABASE_URL: '', ...env };
  delete childEnv.NODE_OPTIONS;
  const child = spawn(process.execPath, ['-r', REGISTER, ENTRY], { cwd: ROOT, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal }));
  });
  const url = `http://127.0.0.1:${port}`;
  const started = Date.now();
  let gone = false;
  void exited.then(() => (gone = true));
  while (!(await answers(url))) {
    if (gone || Date.now() - started > START_TIMEOUT_MS) {
      child.kill('SIGKILL');
      throw new Error(`the server did not start:\n${stdout}\n${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { url, child, output: () => `${stdout}\n${stderr}`, exited };
}

/**
 * Opens an embedded data folder in this process to prepare it, then lets go of it so a server
 * process can open it (PGlite admits one process; its lock file would otherwise name this one).
 */
export async function prepareDataDir(dataDir: string, prepare: (db: Db) => Promise<void>): Promise<void> {
  const folder = path.join(dataDir, 'pglite');
  const fresh = !fs.existsSync(path.join(folder, 'PG_VERSION'));
  const db = createDb({ dataDir: folder, snapshot: fresh ? migratedSnapshot() : undefined });
  try {
    await migrateToLatest(db);
    await prepare(db);
  } finally {
    await db.destroy();
    fs.rmSync(`${folder}.lock`, { force: true });
  }
}

/** Opens an embedded data folder that no server process holds any more, to look at what it stored. */
export async function inspectDataDir<T>(dataDir: string, look: (db: Db) => Promise<T>): Promise<T> {
  const folder = path.join(dataDir, 'pglite');
  const db = createDb({ dataDir: folder });
  try {
    return await look(db);
  } finally {
    await db.destroy();
    fs.rmSync(`${folder}.lock`, { force: true });
  }
}
