import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { PROJECT_ROOT } from '../server/paths';

export const APP_ENTRY = path.join(PROJECT_ROOT, 'dist', 'server', 'index.js');
export const SERVERS_ENTRY = path.join(PROJECT_ROOT, 'dist', 'bench', 'servers.js');

export interface Running {
  pid: number;
  baseUrl: string;
  /** Largest resident set seen since the last reset, in MB. */
  peakRssMb(): number;
  resetPeak(): void;
  stop(): Promise<void>;
}

const TICKS_PER_SECOND = 100;

/** CPU time a process has used so far (user + system), in ms; 0 once it is gone. */
export function cpuMs(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

function rssMb(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return kb / 1024;
  } catch {
    return 0;
  }
}

/** Starts a node process, waits until `readyPath` answers, and samples its memory every 200 ms. */
export async function startNode(
  args: string[],
  options: { port: number; env?: Record<string, string>; readyPath: string; logFile: string },
): Promise<Running> {
  const log = fs.openSync(options.logFile, 'a');
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', log, log],
  });
  fs.closeSync(log);
  const pid = child.pid!;
  let exited = false;
  child.on('exit', () => (exited = true));
  const baseUrl = `http://127.0.0.1:${options.port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited) throw new Error(`${args.join(' ')} exited early; see ${options.logFile}`);
    try {
      const res = await fetch(baseUrl + options.readyPath);
      await res.arrayBuffer();
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${args.join(' ')} did not become ready; see ${options.logFile}`);
    await sleep(200);
  }
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 200);
  return {
    pid,
    baseUrl,
    peakRssMb: () => Math.max(peak, rssMb(pid)),
    resetPeak: () => (peak = 0),
    stop: async () => {
      clearInterval(sampler);
      if (exited) return;
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const late = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await gone;
      clearTimeout(late);
    },
  };
}
