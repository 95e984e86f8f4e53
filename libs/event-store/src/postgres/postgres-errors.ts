import { EventStoreUnavailableError } from '../errors';

/** Node socket errors meaning the server cannot be reached. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

/**
 * SQLSTATEs meaning the server is (temporarily) not serving: connection exceptions (class 08),
 * shutdown and crash recovery (57P01-57P03), too many connections (53300), read-only after failover.
 */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300', '25006']);

/** Messages of node-postgres for a connection that died or could not be made (they carry no code). */
const UNAVAILABLE_MESSAGES = [
  /connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /connection timeout/i,
  /not queryable/i,
  /server closed the connection unexpectedly/i,
  /cannot use a pool after calling end/i,
];

/**
 * Duck-typed on purpose: socket errors come from Node's own realm, where `instanceof Error` against
 * another realm's Error (jest's sandbox, for one) is false.
 */
export function isUnavailable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  if (error instanceof EventStoreUnavailableError) return true;
  const { code, message, errors } = error as { code?: unknown; message?: unknown; errors?: unknown };
  if (typeof code === 'string') {
    if (NETWORK_CODES.has(code) || UNAVAILABLE_SQLSTATES.has(code) || code.startsWith('08')) return true;
  }
  // AggregateError: Node tries every address of a host name (e.g. ::1 and 127.0.0.1).
  if (Array.isArray(errors) && errors.some(isUnavailable)) return true;
  return typeof message === 'string' && UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message));
}

/** EventStoreUnavailableError (HTTP 503) for connection problems; anything else is returned as is. */
export function toStoreError(error: unknown, doing: string): Error {
  if (error instanceof EventStoreUnavailableError) return error;
  if (isUnavailable(error)) {
    const { message, code } = error as { message?: unknown; code?: unknown };
    const reason = typeof message === 'string' && message !== '' ? message : String(code);
    return new EventStoreUnavailableError(`PostgreSQL is unavailable while ${doing}: ${reason}`, {
      cause: error,
    });
  }
  if (typeof error === 'object' && error !== null && 'message' in error) return error as Error;
  return new Error(String(error));
}

export function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}
