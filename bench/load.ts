import { execFileSync, spawn } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT } from '../server/paths';

const REPORTER = path.join(PROJECT_ROOT, 'bench', 'report.lua');

export interface LoadOptions {
  seconds: number;
  connections: number;
  threads: number;
  headers?: string[];
}

export interface LoadResult {
  requests: number;
  seconds: number;
  rps: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  errors: number;
  bytesPerResponse: number;
}

/** wrk from Debian's packages; installed on first use when the bench runs as root. */
export function ensureWrk(log: (line: string) => void): void {
  if (hasWrk()) return;
  if (process.getuid?.() !== 0) throw new Error('wrk is not installed: run `sudo apt-get install wrk` (or run the bench as root)');
  log('installing wrk (apt-get install wrk)…');
  execFileSync('apt-get', ['install', '-y', '-qq', 'wrk'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (!hasWrk()) {
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    execFileSync('apt-get', ['install', '-y', '-qq', 'wrk'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  }
}

function hasWrk(): boolean {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
    return true;
  } catch (err) {
    // wrk --version exits 1 after printing its banner; only a missing binary is ENOENT.
    return (err as NodeJS.ErrnoException).code !== 'ENOENT';
  }
}

/** One wrk run; the reporter script prints a JSON line that this reads back. */
export function runWrk(url: string, options: LoadOptions): Promise<LoadResult> {
  const args = [
    '-t', String(options.threads), '-c', String(options.connections), '-d', `${options.seconds}s`,
    '--timeout', '5s', '-s', REPORTER,
    ...(options.headers ?? []).flatMap((header) => ['-H', header]),
    url,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn('wrk', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (err += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = out.trim().split('\n').reverse().find((l) => l.startsWith('{'));
      if (code !== 0 || !line) return reject(new Error(`wrk failed (${code}): ${err || out}`));
      const raw = JSON.parse(line);
      const seconds = raw.duration_us / 1e6;
      resolve({
        requests: raw.requests,
        seconds,
        rps: raw.requests / seconds,
        p50Ms: raw.p50_us / 1000,
        p90Ms: raw.p90_us / 1000,
        p99Ms: raw.p99_us / 1000,
        maxMs: raw.max_us / 1000,
        errors: raw.connect + raw.read + raw.write + raw.status + raw.timeout,
        bytesPerResponse: raw.requests ? raw.bytes / raw.requests : 0,
      });
    });
  });
}
