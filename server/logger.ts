import pino, { DestinationStream, Logger } from 'pino';

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
