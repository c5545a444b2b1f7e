import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { durableStorage } from './durable-fs';
import { pgliteParsers, withEmbeddedSettings } from './knex';

// The embedded engine's own thread (see embedded.ts): PGlite on the data folder, one query at a time.

type Request = { id: number; sql: string; params?: unknown[]; options?: object } | { id: number; close: true };

const storage = durableStorage(workerData.dataDir as string);
const pglite = new PGlite({ ...storage, startParams: withEmbeddedSettings(storage.startParams ?? PGlite.defaultStartParams), parsers: pgliteParsers });

// An error as plain fields, so the main thread can rebuild it with its SQLSTATE, constraint…
function plain(err: unknown): Record<string, unknown> {
  if (typeof err !== 'object' || err === null) return { message: String(err) };
  const fields: Record<string, unknown> = { ...(err as object) };
  for (const key of ['message', 'name', 'code', 'errno']) {
    const value = (err as Record<string, unknown>)[key];
    if (value !== undefined && typeof value !== 'object') fields[key] = value;
  }
  fields.message ??= `embedded database error ${String(fields.errno ?? fields.name ?? '')}`.trim();
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => typeof value !== 'function'));
}

pglite.waitReady.then(
  () => parentPort!.postMessage({ ready: true }),
  (err) => parentPort!.postMessage({ ready: false, error: plain(err) }),
);

parentPort!.on('message', async (request: Request) => {
  try {
    if ('close' in request) {
      await pglite.close();
      parentPort!.postMessage({ id: request.id, result: null });
      return;
    }
    const result = await pglite.query(request.sql, request.params, request.options);
    parentPort!.postMessage({ id: request.id, result });
  } catch (err) {
    parentPort!.postMessage({ id: request.id, error: plain(err) });
  }
});
