import fs from 'node:fs';
import { PGlite, PGliteOptions } from '@electric-sql/pglite';

// The parts of PGlite's Emscripten module and Node filesystem layer this file reaches into.
type Stream = { nfd: number };
type EmscriptenModule = { NODEFS: { stream_ops: { fsync?: (stream: Stream) => number } } };
type FsSetup = { emscriptenOpts: { preRun?: Array<(module: EmscriptenModule) => void> } };
type NodeFsClass = new (dataDir: string) => { init(pg: unknown, opts: object): Promise<FsSetup> };

// Only reachable through the package's export map, which this project's TypeScript settings do not read.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { NodeFS } = require('@electric-sql/pglite/nodefs') as { NodeFS: NodeFsClass };

/**
 * PGlite's folder storage with fsync that reaches the disk. Emscripten's Node layer has no
 * fsync (the call returns at once), and PGlite starts PostgreSQL with fsync off: a commit
 * survived a killed process but not a power cut. Here a sync of a file is a real fsync(2) of it.
 */
class SyncingNodeFS extends NodeFS {
  async init(pg: unknown, opts: object): Promise<FsSetup> {
    const setup = await super.init(pg, opts);
    const syncToDisk = (module: EmscriptenModule) => {
      module.NODEFS.stream_ops.fsync = (stream) => {
        fs.fsyncSync(stream.nfd);
        return 0;
      };
    };
    setup.emscriptenOpts.preRun = [...(setup.emscriptenOpts.preRun ?? []), syncToDisk];
    return setup;
  }
}

// PostgreSQL's WAL flush at commit calls fdatasync by default, which PGlite's Emscripten build
// turns into nothing; fsync reaches SyncingNodeFS. PGlite's own defaults, less "-F" (fsync off).
const DURABLE_START = [...PGlite.defaultStartParams.filter((param) => param !== '-F'), '-c', 'wal_sync_method=fsync'];

/**
 * PGlite options for a data folder whose acknowledged commits are on disk (WAL flushed with
 * fsync at every commit, data files at every checkpoint); nothing for an in-memory database.
 */
export function durableStorage(dataDir: string | undefined): Partial<PGliteOptions> {
  if (!dataDir) return {};
  return { fs: new SyncingNodeFS(dataDir) as unknown as PGliteOptions['fs'], startParams: DURABLE_START };
}
