import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * The soak's own PostgreSQL cluster: a throwaway data directory and port from its settings
 * (SOAK_PG_PORT, SOAK_PG_DATA, SOAK_PG_BIN), never the machine's default cluster, so that
 * restarting it disturbs nothing else.
 */
export interface Cluster {
  port: number;
  adminUrl: string;
  restart(mode: 'fast' | 'immediate'): void;
  stop(): void;
}

function binDir(): string {
  if (process.env.SOAK_PG_BIN) return process.env.SOAK_PG_BIN;
  const root = '/usr/lib/postgresql';
  const version = fs.readdirSync(root).sort((a, b) => Number(a) - Number(b)).pop();
  return path.join(root, String(version), 'bin');
}

// PostgreSQL refuses to run as root: the cluster then belongs to the "postgres" user.
function run(bin: string, args: string[]): void {
  const asRoot = process.getuid?.() === 0;
  const [command, commandArgs] = asRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  execFileSync(command, commandArgs, { stdio: ['ignore', 'ignore', 'inherit'] });
}

export function startCluster(): Cluster {
  const bin = binDir();
  const port = Number(process.env.SOAK_PG_PORT ?? 55432);
  const dataDir = process.env.SOAK_PG_DATA ?? fs.mkdtempSync(path.join(os.tmpdir(), 'counterclaim-soak-pg-'));
  const socketDir = dataDir;
  if (process.getuid?.() === 0) execFileSync('chown', ['-R', 'postgres', dataDir]);
  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) run(path.join(bin, 'initdb'), ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8']);
  const options = `-p ${port} -k ${socketDir} -c listen_addresses=127.0.0.1 -c max_connections=100`;
  const ctl = (...args: string[]) => run(path.join(bin, 'pg_ctl'), ['-D', dataDir, '-w', '-l', path.join(dataDir, 'server.log'), '-o', options, ...args]);
  ctl('start');
  return {
    port,
    adminUrl: `postgres://postgres@127.0.0.1:${port}/postgres`,
    restart: (mode) => ctl('restart', '-m', mode),
    stop: () => ctl('stop', '-m', 'fast'),
  };
}

/**
 * A TCP proxy in front of PostgreSQL that, for a share of the COMMITs, cuts the connection
 * instead of passing on the server's reply: the save is committed but the app never hears so,
 * as with a network cut or a failover at the wrong moment.
 */
export function startCommitDropper(targetPort: number): Promise<{ port: number; dropped(): number; drop(share: number): void; close(): void }> {
  let dropped = 0;
  // Nothing is dropped until drop() is called: the apps must be able to migrate and start.
  let share = 0;
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    let pending = Buffer.alloc(0);
    const cut = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('data', (chunk) => upstream.write(chunk));
    upstream.on('data', (chunk) => {
      pending = Buffer.concat([pending, chunk]);
      let sent = 0;
      // Backend messages: a type byte, then a length that counts itself but not the type.
      while (pending.length - sent >= 5) {
        const length = pending.readInt32BE(sent + 1);
        if (pending.length - sent < 1 + length) break;
        const isCommit = pending[sent] === 0x43 && pending.toString('utf8', sent + 5, sent + 11) === 'COMMIT';
        if (isCommit && Math.random() < share) {
          client.write(pending.subarray(0, sent));
          dropped += 1;
          return cut();
        }
        sent += 1 + length;
      }
      client.write(pending.subarray(0, sent));
      pending = pending.subarray(sent);
    });
    client.on('error', cut);
    upstream.on('error', cut);
    client.on('close', cut);
    upstream.on('close', cut);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      resolve({ port, dropped: () => dropped, drop: (value) => (share = value), close: () => server.close() });
    });
  });
}
