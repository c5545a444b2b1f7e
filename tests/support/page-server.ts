import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type PageHandler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

export interface PageServer {
  /** http://127.0.0.1:PORT */
  origin: string;
  port: number;
  /** Paths requested so far, in order, with the Host header each came with. */
  requests: { path: string; host: string | undefined }[];
  close(): Promise<void>;
}

/** A local web server that stands in for the outside world: one handler per exact path. */
export async function startPageServer(routes: Record<string, PageHandler>): Promise<PageServer> {
  const requests: PageServer['requests'] = [];
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    requests.push({ path, host: req.headers.host });
    const handler = routes[path];
    if (handler) return handler(req, res);
    res.writeHead(404, { 'content-type': 'text/html' }).end('<p>Not found</p>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    requests,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

export const html = (body: string, headers: http.OutgoingHttpHeaders = {}): PageHandler => (_req, res) => {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...headers }).end(body);
};

export const redirect = (location: string, status = 302): PageHandler => (_req, res) => {
  res.writeHead(status, { location }).end();
};
