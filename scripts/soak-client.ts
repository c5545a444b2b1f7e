import http from 'node:http';

/** One HTTP answer, or a connection that failed (the process was down or was killed mid-request). */
export interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  startedAt: number;
  endedAt: number;
}

export class ConnectionFailed extends Error {
  constructor(
    readonly startedAt: number,
    readonly endedAt: number,
    cause: Error,
  ) {
    super(cause.message);
  }
}

const REQUEST_TIMEOUT_MS = 30_000;

/** A keep-alive HTTP client for one app process on the loopback interface. */
export class AppClient {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 128 });

  constructor(readonly port: number) {}

  request(method: 'GET' | 'POST', path: string, options: { body?: string; cookie?: string } = {}): Promise<Answer> {
    const startedAt = Date.now();
    const headers: http.OutgoingHttpHeaders = { accept: 'text/html' };
    if (options.cookie) headers.cookie = options.cookie;
    if (options.body !== undefined) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      headers['content-length'] = Buffer.byteLength(options.body);
    }
    return new Promise((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port: this.port, method, path, headers, agent: this.agent, timeout: REQUEST_TIMEOUT_MS }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text, startedAt, endedAt: Date.now() }));
        res.on('error', (err) => reject(new ConnectionFailed(startedAt, Date.now(), err)));
      });
      req.on('timeout', () => req.destroy(new Error('timed out')));
      req.on('error', (err) => reject(new ConnectionFailed(startedAt, Date.now(), err)));
      req.end(options.body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** The session cookie a response sets, if any. */
export function sessionCookie(answer: Answer): string | undefined {
  const match = String(answer.headers['set-cookie'] ?? '').match(/cc_session=[^;]+/);
  return match?.[0];
}

export function formToken(html: string): string | undefined {
  return html.match(/name="_csrf" value="([^"]+)"/)?.[1];
}

export function formVersion(html: string): string | undefined {
  return html.match(/name="version" value="(\d+)"/)?.[1];
}

export function encode(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}
