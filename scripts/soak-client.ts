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
      // As a browser sends with every form: the app tells its own forms from other sites' by it.
      headers.origin = `http://127.0.0.1:${this.port}`;
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

/**
 * A browser's cookie jar after a response: the cookies it sets replace their namesakes, and a
 * cookie set empty (cleared at sign-out) is dropped. Every tab of one browser shares it.
 */
export function withCookies(jar: string, answer: Answer): string {
  const cookies = new Map(jar.split('; ').filter(Boolean).map((pair) => [pair.split('=')[0], pair] as const));
  for (const header of answer.headers['set-cookie'] ?? []) {
    const pair = header.split(';')[0];
    const [name, value] = [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)];
    if (value) cookies.set(name, pair);
    else cookies.delete(name);
  }
  return [...cookies.values()].join('; ');
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&#34;': '"', '&quot;': '"', '&#39;': "'" };
const decode = (text: string) => text.replace(/&(?:amp|lt|gt|quot|#34|#39);/g, (entity) => ENTITIES[entity]);

/** The fields of the page's form that posts to `action`, as a browser sends them: hidden inputs and textareas. */
export function formFields(html: string, action: string): Record<string, string> {
  const start = html.indexOf(`<form method="post" action="${action}"`);
  const form = start < 0 ? '' : html.slice(start, html.indexOf('</form>', start));
  const fields: Record<string, string> = {};
  for (const [, name, value] of form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)) fields[decode(name)] = decode(value);
  for (const [, name, value] of form.matchAll(/<textarea[^>]* name="([^"]+)"[^>]*>([^<]*)<\/textarea>/g)) fields[decode(name)] = decode(value);
  return fields;
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
