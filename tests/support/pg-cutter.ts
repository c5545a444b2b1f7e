import net from 'node:net';

/**
 * What to do with the next statement matching a pattern: `drop-reply` forwards it, swallows
 * PostgreSQL's answer and closes the connection (a failover or network cut right after a COMMIT
 * was executed); `cut-before` closes the connection instead of forwarding it (the server rolls
 * the open transaction back).
 */
export type CutMode = 'drop-reply' | 'cut-before';

export interface PgCutter {
  /** The database URL through the proxy. */
  url: string;
  /** Arms one cut, for the next statement (in any connection) whose SQL matches. */
  cutAt(statement: RegExp, mode: CutMode): void;
  /** How many cuts were made. */
  cuts(): number;
  close(): Promise<void>;
}

// Startup-phase requests (SSL, GSS encryption) are followed by more untyped messages.
const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;

// The SQL of a simple Query ('Q') or an extended-protocol Parse ('P', after the statement's name).
function statementText(type: string, body: Buffer): string | undefined {
  if (type === 'Q') return body.toString('utf8', 0, Math.max(0, body.indexOf(0)));
  if (type !== 'P') return undefined;
  const nameEnd = body.indexOf(0);
  return body.toString('utf8', nameEnd + 1, body.indexOf(0, nameEnd + 1));
}

/**
 * A TCP proxy in front of a PostgreSQL server that reads the client's protocol messages and can
 * cut one connection at a chosen statement: how a test loses the reply to a COMMIT.
 */
export async function startPgCutter(targetUrl: string): Promise<PgCutter> {
  const target = new URL(targetUrl);
  let armed: { statement: RegExp; mode: CutMode } | undefined;
  let cuts = 0;
  const sockets = new Set<net.Socket>();

  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    const cut = () => {
      client.destroy();
      upstream.destroy();
    };
    let swallowing = false;
    upstream.on('data', (chunk) => (swallowing ? cut() : client.write(chunk)));
    upstream.on('close', () => client.destroy());
    client.on('close', () => upstream.end());

    let pending = Buffer.alloc(0);
    let startup = true;
    client.on('data', (chunk) => {
      pending = Buffer.concat([pending, chunk]);
      for (;;) {
        const headerLength = startup ? 0 : 1;
        if (pending.length < headerLength + 4) return;
        const length = pending.readInt32BE(headerLength);
        const total = headerLength + length;
        if (pending.length < total) return;
        const message = pending.subarray(0, total);
        pending = pending.subarray(total);
        if (startup) {
          const code = message.readInt32BE(4);
          startup = code === SSL_REQUEST || code === GSSENC_REQUEST;
          upstream.write(message);
          continue;
        }
        const sql = statementText(String.fromCharCode(message[0]), message.subarray(5));
        if (armed && sql !== undefined && armed.statement.test(sql)) {
          const { mode } = armed;
          armed = undefined;
          cuts += 1;
          if (mode === 'cut-before') return cut();
          swallowing = true;
        }
        upstream.write(message);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = new URL(targetUrl);
  url.hostname = '127.0.0.1';
  url.port = String((server.address() as net.AddressInfo).port);

  return {
    url: url.toString(),
    cutAt(statement, mode) {
      armed = { statement, mode };
    },
    cuts: () => cuts,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
