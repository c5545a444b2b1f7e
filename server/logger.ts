import { randomUUID } from 'node:crypto';
import pino, { DestinationStream, Logger } from 'pino';
import pinoHttp from 'pino-http';

/**
 * Structured logs; anything that could sign someone in is censored before it is written.
 * Query errors carry their bound values (session data, password hashes): those are censored too.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino({
    level,
    redact: {
      paths: ['req.headers.cookie', 'res.headers["set-cookie"]', 'password', '*.password', 'err.bindings', 'err.params'],
      censor: '[redacted]',
    },
  }, destination);
}

/**
 * LOG_FORMAT=pretty: pino-pretty's readable lines for a person at a terminal. It is a dev dependency,
 * so a production install (npm ci --omit=dev) says so instead of failing somewhere deeper.
 */
export function prettyDestination(): DestinationStream {
  let pretty: (options: object) => DestinationStream;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    pretty = require('pino-pretty');
  } catch {
    throw new Error('LOG_FORMAT=pretty needs pino-pretty, a dev dependency that this install left out: unset LOG_FORMAT (JSON logs) or install with dev dependencies.');
  }
  // Synchronous, so the last lines before process.exit are not lost.
  return pretty({ sync: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' });
}

const PROBES = new Set(['/healthz', '/readyz']);

/** One log line per request, under an id the response also carries (X-Request-Id) for support. */
export function requestLog(logger: Logger) {
  return pinoHttp({
    logger,
    genReqId: (req, res) => {
      const id = randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
    serializers: { req: (req) => ({ id: req.id, method: req.method, url: req.url }), res: (res) => ({ status: res.statusCode }) },
    // Probes arrive every few seconds from each balancer: logging them would bury real requests.
    autoLogging: { ignore: (req) => PROBES.has(req.url ?? '') },
  });
}
