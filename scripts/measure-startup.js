#!/usr/bin/env node
// Measures the built server on the embedded engine as a user meets it: the first start on an empty
// DATA_DIR (migrations, founding case) to the founding dispute page served, resident memory then and
// at its peak, a clean stop on SIGTERM, and a restart to its first answer. Plain JavaScript so it can
// measure any checkout's build: node scripts/measure-startup.js [--root DIR] [--settle SECONDS].
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const FOUNDING_PAGE = '/disputes/freedom-of-russia-legion-losses-belgorod-may-2023';

function option(name, fallback) {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1] : fallback;
}

const root = path.resolve(option('root', path.join(__dirname, '..')));
const settleSeconds = Number(option('settle', '10'));
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
    probe.on('error', reject);
  });
}

/** VmRSS (now) and VmHWM (peak) of a process, in MB. */
function memory(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const mb = (field) => Math.round(Number(status.match(new RegExp(`${field}:\\s+(\\d+)`))[1]) / 1024);
  return { rss: mb('VmRSS'), peak: mb('VmHWM') };
}

/** CPU seconds (user + system) the process has used: unlike wall time, it hardly moves when others share the cores. */
function cpuSeconds(pid) {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function status(url) {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(2000) })).status;
  } catch {
    return 0;
  }
}

/** Starts the server and waits until `path` answers 200; resolves with the process and the time taken. */
async function start(dataDir, port) {
  const env = { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', NODE_ENV: 'production', LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  const began = Date.now();
  const child = spawn(process.execPath, [path.join(root, 'dist/server/index.js')], { cwd: root, env, stdio: ['ignore', 'ignore', 'inherit'] });
  let exited = false;
  child.on('exit', () => (exited = true));
  let firstAnswer;
  while (true) {
    if (exited) throw new Error('the server exited before it answered');
    const code = await status(`http://127.0.0.1:${port}${FOUNDING_PAGE}`);
    if (code && firstAnswer === undefined) firstAnswer = Date.now() - began;
    if (code === 200) break;
    await sleep(50);
  }
  return { child, firstAnswerMs: firstAnswer, servedMs: Date.now() - began, cpu: cpuSeconds(child.pid) };
}

async function stop(child) {
  const began = Date.now();
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  child.kill('SIGTERM');
  const result = await exited;
  return { ...result, ms: Date.now() - began };
}

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-measure-'));
  const port = await freePort();
  const seconds = (ms) => (ms / 1000).toFixed(1);
  try {
    const first = await start(dataDir, port);
    const atServe = memory(first.child.pid);
    await sleep(settleSeconds * 1000);
    const settled = memory(first.child.pid);
    const firstStop = await stop(first.child);
    const again = await start(dataDir, port);
    const restarted = memory(again.child.pid);
    const againStop = await stop(again.child);
    const rows = [
      ['first start: founding case served', `${seconds(first.servedMs)} s (${first.cpu.toFixed(1)} s of CPU)`],
      ['first start: RSS when served / peak', `${atServe.rss} / ${atServe.peak} MB`],
      [`first start: RSS ${settleSeconds} s later / peak`, `${settled.rss} / ${settled.peak} MB`],
      ['stop on SIGTERM', `exit ${firstStop.code ?? firstStop.signal} in ${seconds(firstStop.ms)} s`],
      ['restart: first answer', `${seconds(again.firstAnswerMs)} s (${again.cpu.toFixed(1)} s of CPU to the page)`],
      ['restart: RSS when served / peak', `${restarted.rss} / ${restarted.peak} MB`],
      ['stop on SIGTERM', `exit ${againStop.code ?? againStop.signal} in ${seconds(againStop.ms)} s`],
    ];
    console.log(`Embedded engine, built code in ${root} (load average ${os.loadavg().map((n) => n.toFixed(1)).join(' ')})`);
    for (const [what, value] of rows) console.log(`  ${what.padEnd(40)} ${value}`);
    if (firstStop.code !== 0 || againStop.code !== 0) process.exitCode = 1;
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err.message);
  process.exit(1);
});
