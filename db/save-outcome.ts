// Failing to reach the database at all: whatever the request meant to write never left the app.
const CONNECT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
const CONNECT_MESSAGES = ['timeout exceeded when trying to connect', 'Connection terminated due to connection timeout'];
// SQLSTATEs that end the connection itself (a broken link, a shutdown or crash of the server):
// the reply to a COMMIT can be lost with it, so the outcome is unknown. 08001 and 08004 are
// refusals to connect, which end nothing.
const CONNECTION_ENDED = /^(08(?!001|004)...|57P0[12])$/;

/**
 * True when a failed database call certainly wrote nothing: no connection could be made, or the
 * server answered with an error (so the statement, and its transaction, failed). False when the
 * connection broke without an answer: a COMMIT may have gone through before it did.
 */
export function nothingWritten(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const { code, name, message, errors } = err as { code?: unknown; name?: unknown; message?: unknown; errors?: unknown };
  if (typeof message === 'string' && CONNECT_MESSAGES.some((m) => message.includes(m))) return true;
  // knex gave up waiting for a pooled connection: the request never got one.
  if (name === 'KnexTimeoutError') return true;
  if (typeof code === 'string' && CONNECT_CODES.has(code)) return true;
  if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return !CONNECTION_ENDED.test(code);
  // Node reports a refused connection to a name with several addresses as an AggregateError.
  return Array.isArray(errors) && errors.length > 0 && errors.every(nothingWritten);
}
