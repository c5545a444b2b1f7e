import os from 'node:os';
import type { GeneratedScale } from './generate';
import type { LoadResult } from './load';

export type Kind = 'ceiling-http' | 'ceiling-express' | 'reference' | 'fortunes' | 'page';

export interface Measured extends LoadResult {
  name: string;
  kind: Kind;
  path: string;
  /** SQL queries per request, when counted. */
  queries?: number;
  /** CPU time per request of the server process and of PostgreSQL, in ms. */
  appCpuMsPerRequest: number;
  dbCpuMsPerRequest: number;
  /** The server process's largest resident set during the row, in MB. */
  rssMb: number;
  /** Throughput over the ceilings' and the Fortunes baseline's in the same round (median over rounds). */
  ratioA?: number;
  ratioB?: number;
  ratioFortunes?: number;
}

export interface ScaleRun {
  scale: GeneratedScale;
  generated: boolean;
  targets: Record<string, unknown>;
  missing: string[];
  pageBytes: number;
  fortunesBytes: number;
  peakRssMb: number;
  /** The machine's 1-minute load average before and after the loads: how busy others kept it. */
  loadAverage: [number, number];
  /** One row per page: its median round, with median ratios. */
  results: Measured[];
  rounds: Measured[][];
}

export interface BenchRun {
  date: string;
  machine: string;
  mode: 'quick' | 'full';
  seconds: number;
  warmup: number;
  connections: number;
  threads: number;
  rounds: number;
  scales: ScaleRun[];
}

export function machine(): string {
  const cpu = os.cpus()[0]?.model.replace(/\s+/g, ' ').trim() ?? 'unknown CPU';
  return `${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}`;
}

function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Each row's median round by throughput; ratios are taken within each round, then their median. */
export function combineRounds(rounds: Measured[][]): Measured[] {
  const byName = (round: Measured[], name: string) => round.find((r) => r.name === name);
  return rounds[0].map((row) => {
    const runs = rounds.map((round) => byName(round, row.name)).filter((r): r is Measured => r !== undefined);
    const ratios = (reference: string) => {
      const values = rounds.flatMap((round) => {
        const mine = byName(round, row.name);
        const theirs = byName(round, reference);
        return mine && theirs ? [mine.rps / theirs.rps] : [];
      });
      return values.length ? median(values) : undefined;
    };
    const middle = runs.find((r) => r.rps === median(runs.map((x) => x.rps))) ?? [...runs].sort((x, y) => x.rps - y.rps)[Math.floor(runs.length / 2)];
    return {
      ...middle,
      ratioA: ratios('ceiling (a): bare node:http'), ratioB: ratios('ceiling (b): bare Express'), ratioFortunes: ratios('Fortunes baseline'),
    };
  });
}

const fixed = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '–');
const ratio = (a: number, b: number | undefined) => (b ? `${(a / b).toFixed(2)}×` : '–');
// wrk leaves requests that timed out out of its percentiles: say so rather than show a fast p99.
const latency = (r: Measured) => (r.errors ? `${r.errors} errors (timeouts)` : `${fixed(r.p99Ms, 2)} ms`);
const times = (value: number | undefined) => (value === undefined ? '–' : `${value.toFixed(2)}×`);

export const SEARCH_ALONE = 'search, one reader at a time';

function find(run: ScaleRun, name: string): Measured | undefined {
  return run.results.find((r) => r.name === name);
}

/** The table for one scale, as Markdown (readable as plain text too). */
export function scaleTable(run: ScaleRun): string {
  const lines = [
    '| page | req/s | p50 ms | p99 ms | errors | × (a) | × (b) | SQL/req | KB | CPU ms/req: app + db | RSS MB |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const r of run.results) {
    lines.push(`| ${r.name} | ${Math.round(r.rps)} | ${fixed(r.p50Ms, 2)} | ${fixed(r.p99Ms, 2)} | ${r.errors} | ${times(r.ratioA)} | ${times(r.ratioB)} | ${r.queries === undefined ? '–' : fixed(r.queries, 2)} | ${fixed(r.bytesPerResponse / 1024)} | ${fixed(r.appCpuMsPerRequest, 3)} + ${fixed(r.dbCpuMsPerRequest, 3)} | ${Math.round(r.rssMb)} |`);
  }
  return lines.join('\n');
}

interface Goal {
  goal: string;
  measured: string;
  met: boolean | undefined;
}

export function goals(bench: BenchRun): Goal[] {
  const list: Goal[] = [];
  const largest = bench.scales[bench.scales.length - 1];
  const smallest = bench.scales[0];
  for (const run of bench.scales) {
    const at = `at ${run.scale.claims.toLocaleString('en')} claims`;
    const b = find(run, 'ceiling (b): bare Express');
    const anon = find(run, 'dispute, anonymous (cached)');
    const fortunes = find(run, 'Fortunes baseline');
    if (anon?.ratioB !== undefined && b) {
      list.push({ goal: `anonymous dispute ≥ 0.80× bare Express ${at}`, measured: times(anon.ratioB), met: anon.ratioB >= 0.8 });
      list.push({ goal: `anonymous dispute p99 < 25 ms at ${bench.connections} connections ${at}`, measured: latency(anon), met: anon.errors === 0 && anon.p99Ms < 25 });
    }
    for (const name of ['dispute, anonymous, cache off', 'dispute, signed-in editor']) {
      const page = find(run, name);
      if (page?.ratioFortunes !== undefined && fortunes) {
        list.push({ goal: `${name} ≥ 0.70× Fortunes ${at}`, measured: times(page.ratioFortunes), met: page.ratioFortunes >= 0.7 });
      }
    }
  }
  // Across scales, throughput is compared as a share of bare Express in the same round: the
  // scales run minutes apart, and the machine's other load changes more than the app does.
  if (bench.scales.length > 1) {
    for (const page of largest.results.filter((r) => r.kind === 'page')) {
      const small = find(smallest, page.name);
      if (!small) continue;
      const scaled = page.ratioB !== undefined && small.ratioB ? page.ratioB / small.ratioB : page.rps / small.rps;
      list.push({
        goal: `${page.name}: ${largest.scale.claims.toLocaleString('en')} claims ≥ 0.80× ${smallest.scale.claims.toLocaleString('en')}`,
        measured: `${scaled.toFixed(2)}×`, met: scaled >= 0.8 && page.errors === 0,
      });
    }
  }
  // Search is judged twice: how long one search takes to answer, and how long with --connections at once.
  for (const name of [SEARCH_ALONE, 'search']) {
    const search = find(largest, name);
    if (search) {
      list.push({ goal: `${name} p99 < 50 ms at ${largest.scale.claims.toLocaleString('en')} claims`, measured: latency(search), met: search.errors === 0 && search.p99Ms < 50 });
    }
  }
  list.push({ goal: `app RSS < 300 MB under load at ${largest.scale.claims.toLocaleString('en')} claims`, measured: `${Math.round(largest.peakRssMb)} MB`, met: largest.peakRssMb < 300 });
  return list;
}

/** The readable summary: machine, data, one table per scale, the goals. */
export function summary(bench: BenchRun): string {
  const parts = [
    `# Counterclaim benchmark (${bench.mode})`,
    '',
    `${bench.date} · ${bench.machine}`,
    `wrk: ${bench.threads} thread, ${bench.connections} connections, ${bench.warmup} s warm-up then ${bench.seconds} s per row, one row at a time` +
      (bench.rounds > 1 ? `; ${bench.rounds} rounds, each row's median shown, ratios are medians of same-round ratios.` : '.'),
  ];
  for (const run of bench.scales) {
    const s = run.scale;
    parts.push(
      '',
      `## ${s.claims.toLocaleString('en')} claims`,
      '',
      `${s.disputes.toLocaleString('en')} disputes, ${s.sources.toLocaleString('en')} sources, ${s.links.toLocaleString('en')} links, ` +
        `${s.statusChanges.toLocaleString('en')} status changes, ${s.evidence.toLocaleString('en')} pieces of evidence, ${s.revisions.toLocaleString('en')} revisions ` +
        `(${run.generated ? `generated in ${Math.round(s.seconds)} s` : 'reused'}). ` +
        `Dispute page ${fixed(run.pageBytes / 1024)} KB, Fortunes page ${fixed(run.fortunesBytes / 1024)} KB. Peak app RSS ${Math.round(run.peakRssMb)} MB (both app processes, all rows). ` +
        `Load average ${fixed(run.loadAverage[0])} before, ${fixed(run.loadAverage[1])} after (2 cores shared with other work).`,
      '',
      scaleTable(run),
    );
    if (run.missing.length) parts.push('', `Not measured, because the app does not have them yet: ${run.missing.join(', ')}.`);
  }
  parts.push('', '## Goals', '', '| goal | measured | met |', '| --- | ---: | --- |');
  for (const g of goals(bench)) parts.push(`| ${g.goal} | ${g.measured} | ${g.met === undefined ? '–' : g.met ? 'yes' : '**no**'} |`);
  return `${parts.join('\n')}\n`;
}
