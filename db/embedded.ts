import path from 'node:path';
import { Worker } from 'node:worker_threads';

/*
 * The embedded engine on a data folder, run in a worker thread. PGlite runs PostgreSQL as
 * WebAssembly on the thread that calls it, and after a failed WAL write (a full or read-only
 * disk) its next query never returns: on the main thread that stopped every request, /healthz
 * and SIGTERM with it. In a worker the server stays responsive, and an engine that hit a disk
 * error, or stopped answering, is thrown away and opened again (PostgreSQL's crash recovery
 * from the WAL) at the next query, so service resumes by itself once the disk is usable.
 */

// Errors after which this PGlite must not be asked anything else: disk full, I/O error,
// read-only folder (53100, 58030, and how Node and PostgreSQL word them).
const DISK_TROUBLE = /^(53100|58030)$|No space left|Read-only file system|EROFS|ENOSPC|EIO\b/;
// A query that takes this long on the embedded engine is taken as a wedged engine: far beyond
// any page's query, and no migration or import batch comes near it.
const STUCK_AFTER_MS = 60_000;
// A clean close (a checkpoint) that takes longer is cut: the WAL already holds every commit.
const CLOSE_WAIT_MS = 2_000;

type Pending = { resolve(value: unknown): void; reject(err: Error): void; timer: NodeJS.Timeout };

function rebuilt(fields: Record<string, unknown>): Error {
  return Object.assign(new Error(String(fields.message ?? 'embedded database error')), fields);
}

// "The connection to the database was lost" (SQLSTATE class 08): a 503 for the request.
function lost(message: string): Error {
  return Object.assign(new Error(message), { code: '08006' });
}

function workerScript(): { code: string; eval: boolean } {
  const file = path.join(__dirname, `embedded-worker${path.extname(__filename)}`);
  if (!file.endsWith('.ts')) return { code: file, eval: false };
  // Tests and child processes run the TypeScript sources: compile the worker's modules on load too.
  const typescript = require.resolve('typescript');
  return {
    eval: true,
    code: `const ts = require(${JSON.stringify(typescript)}); const fs = require('node:fs');
      require.extensions['.ts'] = (m, f) => m._compile(ts.transpileModule(fs.readFileSync(f, 'utf8'),
        { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true }, fileName: f }).outputText, f);
      require(${JSON.stringify(file)});`,
  };
}

/** What knex-pglite needs of a PGlite instance: waitReady, query, close. */
export class EmbeddedEngine {
  private worker?: Worker;
  private opening?: Promise<Worker>;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  closed = false;

  // Opening starts at once, as PGlite's own constructor does: a first start creates the folder.
  constructor(private readonly dataDir: string) {
    this.open().catch(() => undefined);
  }

  /** Opens the engine if it is not open; a failed opening is tried again by the next query. */
  get waitReady(): Promise<void> {
    return this.open().then(() => undefined);
  }

  private open(): Promise<Worker> {
    if (this.closed) return Promise.reject(lost('the embedded database is closed'));
    if (this.worker) return Promise.resolve(this.worker);
    this.opening ??= new Promise<Worker>((resolve, reject) => {
      const script = workerScript();
      const worker = new Worker(script.code, { eval: script.eval, workerData: { dataDir: this.dataDir } });
      worker.once('message', (message: { ready: boolean; error?: Record<string, unknown> }) => {
        const cause = rebuilt(message.error ?? {});
        if (!message.ready) return this.discard(worker, reject, Object.assign(lost(`the embedded database could not be opened: ${cause.message}`), { cause }));
        worker.on('message', (reply) => this.settle(worker, reply));
        this.worker = worker;
        resolve(worker);
      });
      worker.once('error', (err) => this.discard(worker, reject, lost(`the embedded database stopped: ${err.message}`)));
      worker.once('exit', () => this.discard(worker, reject, lost('the embedded database stopped')));
    }).finally(() => (this.opening = undefined));
    return this.opening;
  }

  // Drops a worker that failed or cannot be trusted: every query waiting on it fails as "not now".
  private discard(worker: Worker, reject: (err: Error) => void, err: Error): void {
    reject(err);
    if (this.worker === worker) {
      this.worker = undefined;
      for (const [id, waiting] of this.pending) {
        clearTimeout(waiting.timer);
        waiting.reject(lost('the embedded database was reopened'));
        this.pending.delete(id);
      }
    }
    worker.removeAllListeners('message');
    void worker.terminate();
  }

  private settle(worker: Worker, reply: { id: number; result?: unknown; error?: Record<string, unknown> }): void {
    const waiting = this.pending.get(reply.id);
    if (!waiting) return;
    this.pending.delete(reply.id);
    clearTimeout(waiting.timer);
    if (!reply.error) return waiting.resolve(reply.result);
    const err = rebuilt(reply.error);
    if (!DISK_TROUBLE.test(String(reply.error.code ?? '')) && !DISK_TROUBLE.test(err.message)) return waiting.reject(err);
    // A disk that is full or read-only is an outage (a 503), whatever PostgreSQL calls it.
    waiting.reject(Object.assign(lost(`the embedded database could not write: ${err.message}`), { cause: err }));
    this.discard(worker, () => undefined, err);
  }

  private send(worker: Worker, message: object): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => this.discard(worker, () => undefined, lost('the embedded database stopped answering')), STUCK_AFTER_MS);
      timer.unref();
      this.pending.set(id, { resolve, reject, timer });
      worker.postMessage({ id, ...message });
    });
  }

  async query(sql: string, params?: unknown[], options?: object): Promise<unknown> {
    return this.send(await this.open(), { sql, params, options });
  }

  async close(): Promise<void> {
    this.closed = true;
    const worker = this.worker ?? (await this.opening?.catch(() => undefined));
    if (!worker) return;
    // An idle engine closes cleanly (a checkpoint); one still busy with a query that is being cut
    // is stopped at once: every commit is already in the WAL, and the next start recovers from it.
    if (this.pending.size === 0) {
      const closing = this.send(worker, { close: true }).catch(() => undefined);
      await Promise.race([closing, new Promise((resolve) => setTimeout(resolve, CLOSE_WAIT_MS).unref())]);
    }
    this.worker = undefined;
    worker.removeAllListeners();
    await worker.terminate();
  }
}
