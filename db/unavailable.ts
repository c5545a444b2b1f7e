// Socket errors: the server is not there, or the connection to it broke.
const NETWORK_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN',
]);

// SQLSTATEs that mean "not now" rather than "wrong": the server is shutting down, restarting
// or full, or a query or lock waited past its timeout (a stuck database, not a bad request).
const NOT_NOW_STATES = new Set(['57P01', '57P02', '57P03', '53300', '57014', '55P03']);

// node-postgres and knex say these in words only.
const NOT_NOW_MESSAGES = [
  'Connection terminated',
  'Client has encountered a connection error and is not queryable',
  'timeout exceeded when trying to connect',
  'Query read timeout',
];

/**
 * True when a query failed because the database could not be reached or could not answer in
 * time, so the same request may well succeed in a few seconds: the app answers 503, not 500.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const { code, name, message, errors } = err as { code?: unknown; name?: unknown; message?: unknown; errors?: unknown };
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || NOT_NOW_STATES.has(code) || code.startsWith('08'))) return true;
  if (name === 'KnexTimeoutError') return true;
  if (typeof message === 'string' && NOT_NOW_MESSAGES.some((m) => message.includes(m))) return true;
  // Node reports a refused connection to a name with several addresses as an AggregateError.
  return Array.isArray(errors) && errors.some(isDatabaseUnavailable);
}
