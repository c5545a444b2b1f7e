import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet';

/** Helmet, set up once for every response: a strict CSP (no inline script), HSTS, nosniff and friends. */
export function securityHeaders() {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    // Sent only over HTTPS by browsers' rules; harmless on plain HTTP in development.
    strictTransportSecurity: { maxAge: 31536000, includeSubDomains: true },
  });
}

/**
 * The same headers as a flat [name, value, …] list, read once from helmet: they never vary by
 * request, so a response that skips the middleware (a kept page) still sends every one.
 */
export function securityHeaderList(): string[] {
  const list: string[] = [];
  const response = {
    setHeader: (name: string, value: string | number) => list.push(name, String(value)),
    removeHeader: () => undefined,
  };
  securityHeaders()({} as IncomingMessage, response as unknown as ServerResponse, () => undefined);
  return list;
}
