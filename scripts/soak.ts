import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import knexFactory, { Knex } from 'knex';
import { createEditor } from '../db/editors';
import { createDb, Db } from '../db/knex';
import { migrateToLatest } from '../db/migrate';
import { runSeeds } from '../db/seed';
import { hashPassword } from '../server/lib/passwords';
import { AppClient } from './soak-client';
import { startCluster, startCommitDropper } from './soak-cluster';
import { Acknowledged, startLoad } from './soak-load';

// npm run soak [-- --seconds 60 --readers 64 --editors 4 --drop-commits 5]: two app processes on
// the soak's own PostgreSQL cluster (soak-cluster.ts), reached through a proxy that drops a share
// of COMMIT replies, under readers and editors; the cluster restarts (fast, then immediate) and
// one app process is killed midway.
const USAGE = 'usage: npm run soak -- [--seconds N] [--readers N] [--editors N] [--drop-commits PERCENT]   (SOAK_PG_PORT, SOAK_PG_DATA, SOAK_PG_BIN: the cluster it starts and restarts)';
const ENTRY = path.resolve(__dirname, '../server/index.js');
const PASSWORD = 'soak test password, long enough';
const PORTS = [4501, 4502];
const MAX_REQUESTS = 2_000_000;
const START_TIMEOUT_MS = 60_000;

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const value = Number(process.argv[i + 1]);
  if (!Number.isInteger(value) || value < 0) throw new Error(USAGE);
  return value;
}

function now(): number {
  return Date.now();
}


interface App {
  port: number;
  child: ChildProcess;
  exit?: { code: number | null; signal: NodeJS.Signals | null };
}

function rssMegabytes(pid: number | undefined): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(status.match(/VmRSS:\s+(\d+)/)![1]) / 1024);
}

// Each process's output goes to its own file, read back at the end to count what it logged.
function logFile(port: number): string {
  return path.join(os.tmpdir(), `counterclaim-soak-${process.pid}-${port}.log`);
}

async function startApp(port: number, databaseUrl: string): Promise<App> {
  const out = fs.openSync(logFile(port), 'a');
  const child = spawn(process.execPath, [ENTRY], {
    env: { ...process.env, PORT: String(port), DATABASE_URL: databaseUrl, LOG_LEVEL: process.env.SOAK_LOG_LEVEL ?? 'warn', NODE_ENV: 'production' },
    stdio: ['ignore', out, out],
  });
  fs.closeSync(out);
  const app: App = { port, child };
  child.on('exit', (code, signal) => (app.exit = { code, signal }));
  const started = now();
  while (!(await ready(port))) {
    if (app.exit || now() - started > START_TIMEOUT_MS) throw new Error(`app on port ${port} did not start`);
    await sleep(100);
  }
  return app;
}

async function ready(port: number): Promise<boolean> {
  try {
    return (await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(2000) })).ok;
  } catch {
    return false;
  }
}

async function servesPages(port: number): Promise<boolean> {
  try {
    return (await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(2000) })).ok;
  } catch {
    return false;
  }
}

async function prepare(databaseUrl: string, editors: number) {
  const db = createDb({ databaseUrl });
  try {
    await migrateToLatest(db);
    await runSeeds(db);
    const passwordHash = await hashPassword(PASSWORD);
    const claims: number[] = await db('claims').orderBy('id').pluck('id');
    const accounts = [];
    for (let i = 1; i <= editors; i += 1) {
      const editor = await createEditor(db, { email: `soak${i}@example.org`, name: `Soak editor ${i}`, password_hash: passwordHash, role: 'editor' });
      accounts.push({ email: editor.email, password: PASSWORD, claimId: claims[(i - 1) % claims.length] });
    }
    const disputes: string[] = await db('disputes').where({ state: 'published' }).pluck('slug');
    const sources: string[] = await db('sources').pluck('slug');
    const pages = ['/', '/sources', '/statuses', ...disputes.map((s) => `/disputes/${s}`), ...claims.map((id) => `/claims/${id}`), ...sources.map((s) => `/sources/${s}`)];
    return { accounts, pages };
  } finally {
    await db.destroy();
  }
}

/** What the app processes logged: warnings, errors, and lines that are not JSON (there should be none). */
function logSummary(): { warnings: number; errors: number; unstructured: number; messages: Set<string> } {
  const summary = { warnings: 0, errors: 0, unstructured: 0, messages: new Set<string>() };
  for (const port of PORTS) {
    for (const line of fs.readFileSync(logFile(port), 'utf8').split('\n').filter(Boolean)) {
      if (!line.startsWith('{')) {
        summary.unstructured += 1;
        continue;
      }
      const entry = JSON.parse(line) as { level: number; msg: string };
      if (entry.level >= 50) summary.errors += 1;
      else if (entry.level >= 40) summary.warnings += 1;
      summary.messages.add(entry.msg);
    }
  }
  return summary;
}

/** Sources the editors created more than once (each create is sent twice): each extra copy counts. */
async function duplicateCreates(db: Db): Promise<number> {
  const rows: Array<{ n: number }> = await db('sources').where('name', 'like', 'soak e%').groupBy('name').havingRaw('count(*) > 1').select(db.raw('count(*) as n'));
  return rows.reduce((sum, row) => sum + Number(row.n) - 1, 0);
}

/** Every acknowledged edit must be in its table and in the history. */
async function missingEdits(db: Db, acknowledged: Acknowledged[]): Promise<string[]> {
  const missing: string[] = [];
  for (const edit of acknowledged) {
    if (edit.kind === 'source') {
      const source = await db('sources').where({ name: edit.name }).first('id');
      const history = source && (await db('revisions').where({ entity_type: 'source', entity_id: source.id, summary: edit.name }).first('id'));
      if (!history) missing.push(`source "${edit.name}"`);
    } else {
      const change = await db('status_changes').where({ claim_id: edit.claimId, rationale: edit.rationale }).first('id');
      const history = await db('revisions').where({ entity_type: 'claim', entity_id: edit.claimId }).whereRaw("snapshot->>'status_rationale' = ?", [edit.rationale]).first('id');
      if (!change || !history) missing.push(`status "${edit.rationale}" of claim ${edit.claimId}`);
    }
  }
  return missing;
}

async function waitUntil(probe: () => Promise<boolean>, timeoutMs: number): Promise<number | undefined> {
  const started = now();
  while (now() - started < timeoutMs) {
    if (await probe()) return now();
    await sleep(100);
  }
  return undefined;
}

async function main(): Promise<void> {
  const seconds = option('seconds', 60);
  const readers = option('readers', 64);
  const editorCount = option('editors', 4);
  const dropShare = option('drop-commits', 5) / 100;
  const cluster = startCluster();
  const adminUrl = cluster.adminUrl;
  const proxy = await startCommitDropper(cluster.port);
  const name = `cc_soak_${process.pid}`;
  // Its idle connection dies with the restart; knex would say so on the console.
  const quiet = { warn: () => undefined, error: () => undefined, deprecate: () => undefined, debug: () => undefined };
  const admin: Knex = knexFactory({ client: 'pg', connection: adminUrl, pool: { min: 0, max: 1 }, log: quiet });
  await admin.raw(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  // The app processes go through the proxy; the soak itself checks the database directly.
  const proxied = new URL(databaseUrl);
  proxied.port = String(proxy.port);
  const appDatabaseUrl = proxied.toString();
  const apps: App[] = [];
  const clients = PORTS.map((port) => new AppClient(port));
  try {
    const { accounts, pages } = await prepare(databaseUrl, editorCount);
    for (const port of PORTS) apps.push(await startApp(port, appDatabaseUrl));
    console.log(`soak: ${seconds} s, ${readers} readers and ${editorCount} editors on ports ${PORTS.join(' and ')}, database ${name} on port ${cluster.port} (${dropShare * 100}% of COMMIT replies dropped)`);

    proxy.drop(dropShare);
    const load = startLoad({ clients, pages, readers, editors: accounts, maxRequests: MAX_REQUESTS });
    await sleep(Math.min(3000, seconds * 100));
    const memoryBefore = apps.map((app) => rssMegabytes(app.child.pid));
    const began = now();

    await sleep(Math.max(0, began + seconds * 300 - now()));
    const outageStart = now();
    console.log('soak: restarting PostgreSQL (-m fast)');
    cluster.restart('fast');
    const postgresBack = now();
    const recovered = await waitUntil(async () => (await Promise.all(PORTS.map(servesPages))).every(Boolean), 60_000);
    console.log(`soak: PostgreSQL back after ${postgresBack - outageStart} ms, apps serving ${recovered ? `${recovered - postgresBack} ms` : 'never'} later`);

    await sleep(Math.max(0, began + seconds * 600 - now()));
    console.log(`soak: killing the app on port ${PORTS[1]} (SIGKILL) and starting it again`);
    const killed = apps[1];
    killed.child.kill('SIGKILL');
    await waitUntil(async () => Boolean(killed.exit), 10_000);
    await sleep(1000);
    apps[1] = await startApp(PORTS[1], appDatabaseUrl);

    await sleep(Math.max(0, began + seconds * 800 - now()));
    console.log('soak: restarting PostgreSQL (-m immediate: a crash, then recovery)');
    const crashStart = now();
    cluster.restart('immediate');
    const crashBack = now();
    const crashRecovered = await waitUntil(async () => (await Promise.all(PORTS.map(servesPages))).every(Boolean), 60_000);
    console.log(`soak: PostgreSQL back after ${crashBack - crashStart} ms, apps serving ${crashRecovered ? `${crashRecovered - crashBack} ms` : 'never'} later`);

    await sleep(Math.max(0, began + seconds * 1000 - now()));
    await load.stop();
    const memoryAfter = [rssMegabytes(apps[0].child.pid), rssMegabytes(apps[1].child.pid)];

    const outageEnd = recovered ?? now();
    const { served, connectionFailures, acknowledged, editorRetries, endedMidForm, recoveredMidForm } = load.record;
    const errors = served.filter((r) => r.status >= 500);
    const crashEnd = crashRecovered ?? now();
    const inOutage = (r: { startedAt: number; endedAt: number }) =>
      (r.endedAt >= outageStart && r.startedAt <= outageEnd) || (r.endedAt >= crashStart && r.startedAt <= crashEnd);
    const outside = errors.filter((r) => !inOutage(r));
    const db = createDb({ databaseUrl });
    const missing = await missingEdits(db, acknowledged);
    const duplicates = await duplicateCreates(db).finally(() => db.destroy());
    const crashed = [apps[0], apps[1]].filter((app) => app.exit);

    for (const app of apps) app.child.kill('SIGTERM');
    await waitUntil(async () => apps.every((app) => app.exit), 15_000);
    const unclean = apps.filter((app) => app.exit?.code !== 0);
    const logs = logSummary();

    console.log('\nsoak results');
    console.log(`  requests served:                  ${served.length} (${Math.round(served.length / seconds)}/s); 2xx/3xx ${served.filter((r) => r.status < 400).length}, 4xx ${served.filter((r) => r.status >= 400 && r.status < 500).length}, 5xx ${errors.length}`);
    console.log(`  connections refused or cut:       ${connectionFailures} (to the killed process, while it was down)`);
    console.log(`  COMMIT replies dropped:           ${proxy.dropped()} (each a 503 for a save that was committed)`);
    console.log(`  5xx outside the restarts:         ${outside.length} (must be 0 when no COMMIT reply is dropped)`);
    console.log(`  duplicate creates:                ${duplicates} (each source create sent twice; must be 0)`);
    console.log(`  sessions ended mid-form:          ${endedMidForm}, recovered by signing in from the kept page: ${recoveredMidForm} (must be all)`);
    console.log(`  outage: PostgreSQL restart took   ${postgresBack - outageStart} ms; apps serving again ${recovered ? `${recovered - postgresBack} ms` : 'NEVER'} after it came back`);
    console.log(`  edits acknowledged:               ${acknowledged.length}, lost: ${missing.length} (must be 0); editor retries after a 503: ${editorRetries}`);
    console.log(`  processes crashed:                ${crashed.length} (besides the one killed on purpose); clean SIGTERM exits: ${apps.length - unclean.length}/${apps.length}`);
    console.log(`  memory (RSS, MB) before → after:  app ${PORTS[0]}: ${memoryBefore[0]} → ${memoryAfter[0]}; app ${PORTS[1]}: ${memoryBefore[1]} → ${memoryAfter[1]} (restarted)`);
    console.log(`  app logs:                         ${logs.warnings} warnings, ${logs.errors} errors, ${logs.unstructured} lines that are not JSON (${[...logs.messages].join('; ')}); in ${path.join(os.tmpdir(), `counterclaim-soak-${process.pid}-*.log`)}`);
    for (const edit of missing.slice(0, 10)) console.log(`  lost: ${edit}`);
    const passed = (outside.length === 0 || proxy.dropped() > 0) && duplicates === 0 && missing.length === 0 && logs.unstructured === 0 && crashed.length === 0 && unclean.length === 0 && recovered !== undefined && acknowledged.length > 0 && endedMidForm > 0 && recoveredMidForm === endedMidForm;
    console.log(passed ? '\nsoak: PASSED' : '\nsoak: FAILED');
    process.exitCode = passed ? 0 : 1;
  } finally {
    for (const app of apps) if (!app.exit) app.child.kill('SIGKILL');
    for (const client of clients) client.close();
    await admin.raw(`drop database if exists ${name} with (force)`).catch(() => undefined);
    await admin.destroy();
    proxy.close();
    cluster.stop();
  }
}

// A hard stop, whatever happens: the soak is bounded in time.
setTimeout(() => {
  console.error('soak: did not finish in time');
  process.exit(2);
}, (option('seconds', 60) + 180) * 1000).unref();

main().catch((err) => {
  console.error('soak:', err instanceof Error ? err.message : err);
  process.exit(1);
});
