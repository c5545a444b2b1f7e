import type { Knex } from 'knex';

// Socket errors: the server is not there, or the connection to it broke.
const NETWORK_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN',
]);

// SQLSTATEs that mean "not now" rather than "wrong". Whole classes: 08 connection exception,
// 28 authorization (a rotated password), 3D no such database (a restore is running), 53 out of
// resources (too many clients, disk full). Single states: 55000 (the database does not accept
// connections: ALLOW_CONNECTIONS false), 57P01–57P05 (shutting down, restarting, crash
// recovery, dropped, idle session timeout), and a query or lock that waited past its timeout.
const NOT_NOW_CLASSES = ['08', '28', '3D', '53'];
const NOT_NOW_STATES = new Set(['55000', '57P01', '57P02', '57P03', '57P04', '57P05', '57014', '55P03']);

// node-postgres and knex say these in words only.
const NOT_NOW_MESSAGES = [
  'Connection terminated',
  'Client has encountered a connection error and is not queryable',
  'timeout exceeded when trying to connect',
  'Query read timeout',
];

// Set on whatever a failed attempt to get a connection threw (see markAcquireFailures).
const ACQUIRE_FAILED = Symbol('database connection could not be obtained');

function isNotNowState(code: string): boolean {
  return NOT_NOW_STATES.has(code) || (code.length === 5 && NOT_NOW_CLASSES.includes(code.slice(0, 2)));
}

/**
 * True when a query failed because the database could not be reached or could not answer in
 * time, so the same request may well succeed in a few seconds: the app answers 503, not 500.
 * The one place that decides it, for both engines.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  if (ACQUIRE_FAILED in err) return true;
  const { code, name, message, errors } = err as { code?: unknown; name?: unknown; message?: unknown; errors?: unknown };
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || isNotNowState(code))) return true;
  if (name === 'KnexTimeoutError') return true;
  if (typeof message === 'string' && NOT_NOW_MESSAGES.some((m) => message.includes(m))) return true;
  // Node reports a refused connection to a name with several addresses as an AggregateError.
  return Array.isArray(errors) && errors.some(isDatabaseUnavailable);
}

function markedAcquireFailure(err: unknown): object {
  const marked = typeof err === 'object' && err !== null ? err : new Error(`database connection failed: ${String(err)}`);
  Object.defineProperty(marked, ACQUIRE_FAILED, { value: true });
  return marked;
}

/**
 * Whatever stops the pool from handing out a connection (a refused login, a database that does
 * not exist, an embedded engine that would not open its folder) is "cannot connect", so a 503,
 * however the driver words it.
 */
export function markAcquireFailures(db: Knex): void {
  const client = db.client as { acquireConnection(): Promise<unknown> };
  const acquire = client.acquireConnection.bind(client);
  client.acquireConnection = () => acquire().catch((err: unknown) => Promise.reject(markedAcquireFailure(err)));
}
