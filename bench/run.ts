import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { PROJECT_ROOT } from '../server/paths';
import { countScale, existingScale, generate, GeneratedScale } from './generate';
import { ensureWrk, LoadOptions, runWrk } from './load';
import { APP_ENTRY, cpuMs, Running, SERVERS_ENTRY, startNode } from './processes';
import { BenchRun, combineRounds, Kind, machine, Measured, ScaleRun, scaleTable, SEARCH_ALONE, summary } from './summary';
import { answers, chooseTargets, queriesPerRequest, signInEditor, Targets } from './targets';

/*
 * npm run bench [-- --quick] [--claims 100000[,1000000]] [--seconds 10] [--warmup 3] [--rounds 1]
 *                 [--connections 32] [--threads 1] [--reuse] [--only name,name] [--server URL]
 * Makes (or, with --reuse, keeps) a generated database per scale on the PostgreSQL server,
 * starts the app in production mode against it, and loads each page in turn with wrk. With
 * --rounds N the whole series runs N times and each row keeps its median round.
 */

interface Options {
  quick: boolean;
  claims: number[];
  seconds: number;
  warmup: number;
  connections: number;
  threads: number;
  reuse: boolean;
  only: string[];
  server: string;
  rounds: number;
}

const RESULTS_DIR = path.join(PROJECT_ROOT, 'bench', 'results');
const PORTS = { app: 3901, counting: 3902, uncached: 3903, reference: 3910 };

function parseOptions(argv: string[]): Options {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 1) {
    const [name, inline] = argv[i].replace(/^--/, '').split('=');
    const next = argv[i + 1];
    if (inline !== undefined) flags.set(name, inline);
    else if (next !== undefined && !next.startsWith('--')) flags.set(name, argv[++i]);
    else flags.set(name, 'true');
  }
  const known = ['quick', 'claims', 'seconds', 'warmup', 'connections', 'threads', 'reuse', 'only', 'server', 'rounds'];
  for (const name of flags.keys()) if (!known.includes(name)) throw new Error(`unknown option --${name}`);
  const quick = flags.has('quick');
  const number = (name: string, fallback: number) => {
    const value = Number(flags.get(name) ?? fallback);
    if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number`);
    return value;
  };
  const claims = (flags.get('claims') ?? (quick ? '10000' : '100000')).split(',').map(Number);
  if (claims.some((n) => !Number.isInteger(n) || n < 1000)) throw new Error('--claims takes whole numbers of at least 1000');
  return {
    quick,
    claims: claims.sort((x, y) => x - y),
    seconds: number('seconds', quick ? 3 : 10),
    warmup: number('warmup', quick ? 1 : 3),
    connections: number('connections', 32),
    threads: number('threads', 1),
    reuse: flags.has('reuse'),
    only: flags.get('only')?.split(',') ?? [],
    server: flags.get('server') ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    rounds: number('rounds', 1),
  };
}

const log = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  if (!fs.existsSync(APP_ENTRY) || !fs.existsSync(SERVERS_ENTRY)) throw new Error('build first: npm run bench compiles the app and the bench');
  ensureWrk(log);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
  const workDir = path.join(RESULTS_DIR, `${stamp}-${options.quick ? 'quick' : 'full'}`);
  fs.mkdirSync(workDir, { recursive: true });
  const bench: BenchRun = {
    date: new Date().toISOString(), machine: machine(), mode: options.quick ? 'quick' : 'full',
    seconds: options.seconds, warmup: options.warmup, connections: options.connections, threads: options.threads, rounds: options.rounds, scales: [],
  };
  for (const claims of options.claims) {
    const run = await benchScale(claims, options, workDir);
    bench.scales.push(run);
    log(`\n${scaleTable(run)}\n`);
  }
  const text = summary(bench);
  fs.writeFileSync(path.join(workDir, 'results.json'), `${JSON.stringify(bench, null, 2)}\n`);
  fs.writeFileSync(path.join(workDir, 'summary.md'), text);
  fs.writeFileSync(path.join(RESULTS_DIR, `latest-${bench.mode}.md`), text);
  log(`\n${text}`);
  log(`Figures: ${path.relative(PROJECT_ROOT, workDir)}/results.json and summary.md`);
}

async function prepareData(claims: number, options: Options): Promise<{ url: string; scale: GeneratedScale; generated: boolean }> {
  if (options.reuse) {
    const url = await existingScale(options.server, claims);
    if (url) {
      log(`reusing the generated database for ${claims} claims`);
      return { url, scale: await countScale(url), generated: false };
    }
  }
  log(`generating ${claims.toLocaleString('en')} claims…`);
  const { url, scale } = await generate(options.server, claims, log);
  log(`  done in ${Math.round(scale.seconds)} s`);
  return { url, scale, generated: true };
}

function appEnv(databaseUrl: string, port: number, extra: Record<string, string> = {}): Record<string, string> {
  return { NODE_ENV: 'production', LOG_LEVEL: 'warn', DATABASE_URL: databaseUrl, PORT: String(port), PUBLIC_URL: 'http://localhost', ...extra };
}

async function benchScale(claims: number, options: Options, workDir: string): Promise<ScaleRun> {
  const { url, scale, generated } = await prepareData(claims, options);
  const targets = await chooseTargets(url);
  const logFile = path.join(workDir, `app-${claims}.log`);
  const load: LoadOptions = { seconds: options.seconds, connections: options.connections, threads: options.threads };
  const wanted = (name: string) => options.only.length === 0 || options.only.some((o) => name.includes(o));

  // Query counts first, from instances that count; then each measured instance alone.
  const pages = await withApp(url, PORTS.counting, { BENCH_COUNT_QUERIES: '1' }, logFile, (base) => appPages(base, targets));
  const queries = await withApp(url, PORTS.counting, { BENCH_COUNT_QUERIES: '1' }, logFile, (base) => countQueries(base, pages.present));
  const uncachedPage = { name: 'dispute, anonymous, cache off', path: `/disputes/${targets.disputeSlug}` };
  const uncachedQueries = await withApp(url, PORTS.counting, { BENCH_COUNT_QUERIES: '1', PAGE_CACHE_MB: '0' }, logFile, (base) => countQueries(base, [uncachedPage]));
  queries.set(uncachedPage.name, uncachedQueries.get(uncachedPage.name)!);
  if (queries.has('search')) queries.set(SEARCH_ALONE, queries.get('search')!);

  const app = await startNode([APP_ENTRY], { port: PORTS.app, env: appEnv(url, PORTS.app), readyPath: '/healthz', logFile });
  const disputePath = `/disputes/${targets.disputeSlug}`;
  const first = await fetch(app.baseUrl + disputePath);
  const page = Buffer.from(await first.arrayBuffer());
  const etag = first.headers.get('etag');
  const pageFile = path.join(workDir, `dispute-${claims}.html`);
  fs.writeFileSync(pageFile, page);
  const editorCookie = await signInEditor(app.baseUrl);

  // Every server is started once and waits idle while the others are loaded.
  const started: Running[] = [app];
  const start = async (args: string[], port: number, env?: Record<string, string>, readyPath = disputePath) => {
    const server = await startNode(args, { port, env, readyPath, logFile });
    started.push(server);
    return server;
  };
  try {
    const bareHttp = await start([SERVERS_ENTRY, 'http', String(PORTS.reference), pageFile], PORTS.reference);
    const bareExpress = await start([SERVERS_ENTRY, 'express', String(PORTS.reference + 1), pageFile], PORTS.reference + 1);
    const fortunes = await start([SERVERS_ENTRY, 'fortunes', String(PORTS.reference + 2), url, String(targets.disputeId), String(page.length)], PORTS.reference + 2);
    const expressStack = await start([SERVERS_ENTRY, 'express-stack', String(PORTS.reference + 3), pageFile], PORTS.reference + 3);
    const uncached = await start([APP_ENTRY], PORTS.uncached, appEnv(url, PORTS.uncached, { PAGE_CACHE_MB: '0' }), '/healthz');
    const fortunesBytes = (await (await fetch(fortunes.baseUrl + disputePath)).arrayBuffer()).byteLength;

    // Each page is loaded right after what it is compared with, so the machine's other load
    // changes as little as possible between the two: the cached page after bare Express, the
    // pages rendered on every request after the Fortunes baseline. Search goes last: it is the
    // one page whose queries can outlast its row.
    const editorHeaders = [`Cookie: ${editorCookie}`];
    const anonymous = `/disputes/${targets.disputeSlug}`;
    const present = new Map(pages.present.map((p) => [p.name, p]));
    const appRow = (name: string, headers: string[] = []): Row[] => {
      const p = present.get(name);
      return p ? [{ name, kind: 'page', server: app, path: p.path, headers }] : [];
    };
    const rows: Row[] = [
      { name: 'ceiling (a): bare node:http', kind: 'ceiling-http', server: bareHttp, path: disputePath },
      { name: 'ceiling (b): bare Express', kind: 'ceiling-express', server: bareExpress, path: disputePath },
      ...appRow('dispute, anonymous (cached)'),
      ...(etag ? [{ name: 'dispute, anonymous, revalidated (304)', kind: 'page' as const, server: app, path: anonymous, headers: [`If-None-Match: ${etag}`] }] : []),
      { name: 'bare Express + the app’s request log and security headers', kind: 'reference', server: expressStack, path: disputePath },
      { name: 'Fortunes baseline', kind: 'fortunes', server: fortunes, path: disputePath },
      ...appRow('dispute, signed-in editor', editorHeaders),
      { name: uncachedPage.name, kind: 'page', server: uncached, path: disputePath },
      ...appRow('home'), ...appRow('source'), ...appRow('claim'), ...appRow('API: disputes list'), ...appRow('search'),
      // How long one search takes when it is not queued behind 31 others.
      ...appRow('search').map((row) => ({ ...row, name: SEARCH_ALONE, connections: 1, threads: 1 })),
    ];

    const measure = async (row: Row): Promise<Measured> => {
      const headers = row.headers ?? [];
      const rowLoad = { ...load, connections: row.connections ?? load.connections, threads: row.threads ?? load.threads };
      await databaseIdle(options.server, url);
      row.server.resetPeak();
      await runWrk(row.server.baseUrl + row.path, { ...rowLoad, seconds: options.warmup, headers });
      const before = { app: cpuMs(row.server.pid), db: await databaseCpuMs(options.server, url) };
      const result = await runWrk(row.server.baseUrl + row.path, { ...rowLoad, headers });
      const after = { app: cpuMs(row.server.pid), db: await databaseCpuMs(options.server, url) };
      const rssMb = row.server.peakRssMb();
      if (row.server === app || row.server === uncached) appPeakMb = Math.max(appPeakMb, rssMb);
      const perRequest = (ms: number) => (result.requests ? ms / result.requests : 0);
      log(`  ${row.name}: ${Math.round(result.rps)} req/s, p99 ${result.p99Ms.toFixed(2)} ms, ${result.errors} errors`);
      return {
        name: row.name, kind: row.kind, path: row.path, ...result, queries: queries.get(row.name),
        appCpuMsPerRequest: perRequest(after.app - before.app), dbCpuMsPerRequest: perRequest(sumDelta(before.db, after.db)), rssMb,
      };
    };

    let appPeakMb = 0;
    const loadBefore = os.loadavg()[0];
    const rounds: Measured[][] = [];
    for (let round = 1; round <= options.rounds; round += 1) {
      log(`loading, round ${round} of ${options.rounds} (${options.warmup} s warm-up + ${options.seconds} s per row)…`);
      const measured: Measured[] = [];
      for (const row of rows.filter((r) => wanted(r.name))) measured.push(await measure(row));
      rounds.push(measured);
    }
    return {
      scale, generated, targets: { ...targets }, missing: pages.missing, pageBytes: page.length, fortunesBytes,
      peakRssMb: appPeakMb, loadAverage: [loadBefore, os.loadavg()[0]], results: combineRounds(rounds), rounds,
    };
  } finally {
    for (const server of started) await server.stop();
  }
}

interface Row {
  name: string;
  kind: Kind;
  server: Running;
  path: string;
  headers?: string[];
  /** Instead of --connections and --threads. */
  connections?: number;
  threads?: number;
}

async function withApp<T>(databaseUrl: string, port: number, env: Record<string, string>, logFile: string, work: (baseUrl: string) => Promise<T>): Promise<T> {
  const app = await startNode([APP_ENTRY], { port, env: appEnv(databaseUrl, port, env), readyPath: '/healthz', logFile });
  try {
    return await work(app.baseUrl);
  } finally {
    await app.stop();
  }
}

async function countQueries(baseUrl: string, pages: AppPage[]): Promise<Map<string, number>> {
  const cookie = await signInEditor(baseUrl);
  const counts = new Map<string, number>();
  for (const page of pages) counts.set(page.name, await queriesPerRequest(baseUrl, page.path, page.editor ? { cookie } : {}));
  return counts;
}

/** CPU time so far of each PostgreSQL backend connected to the database, by pid. */
async function databaseCpuMs(serverUrl: string, databaseUrl: string): Promise<Map<number, number>> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const { rows } = await client.query('select pid from pg_stat_activity where datname = $1', [new URL(databaseUrl).pathname.slice(1)]);
    return new Map(rows.map((row: { pid: number }) => [row.pid, cpuMs(row.pid)]));
  } finally {
    await client.end();
  }
}

/** Waits (up to 30 s) until no query of the previous row is still running, so it does not slow the next. */
async function databaseIdle(serverUrl: string, databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const name = new URL(databaseUrl).pathname.slice(1);
    for (let waited = 0; waited < 30_000; waited += 250) {
      const { rows } = await client.query("select count(*)::int as n from pg_stat_activity where datname = $1 and state = 'active'", [name]);
      if (rows[0].n === 0) return;
      await sleep(250);
    }
  } finally {
    await client.end();
  }
}

// Backends that appeared during the run count from zero; those that left are not seen.
function sumDelta(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0);
  return total;
}

interface AppPage {
  name: string;
  path: string;
  editor?: boolean;
}

async function appPages(baseUrl: string, targets: Targets): Promise<{ present: AppPage[]; missing: string[] }> {
  const present: AppPage[] = [
    { name: 'dispute, anonymous (cached)', path: `/disputes/${targets.disputeSlug}` },
    { name: 'dispute, signed-in editor', path: `/disputes/${targets.disputeSlug}`, editor: true },
    { name: 'home', path: '/' },
    { name: 'source', path: `/sources/${targets.sourceSlug}` },
    { name: 'claim', path: `/claims/${targets.claimId}` },
  ];
  const missing: string[] = [];
  const optional: [AppPage, 'html' | 'json'][] = [
    [{ name: 'search', path: `/search?q=${encodeURIComponent(targets.searchWord)}` }, 'html'],
    [{ name: 'API: disputes list', path: '/api/v1/disputes' }, 'json'],
  ];
  for (const [page, type] of optional) {
    if (await answers(baseUrl + page.path, type)) present.push(page);
    else missing.push(`${page.name} (${page.path})`);
  }
  return { present, missing };
}

main().catch((err) => {
  console.error('bench failed:', err instanceof Error ? err.stack : err);
  process.exit(1);
});
