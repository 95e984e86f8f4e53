import { Pool } from 'pg';

/**
 * The Nest token of the process's PostgreSQL pool. Contexts inject it; `@lien-thong/platform` provides
 * it (from `createPool`). A plain symbol, so this library needs no Nest.
 */
export const PG_POOL = Symbol.for('lien-thong.PgPool');

/** The pool of a long-running process (API, worker). */
export function createPool(connectionString: string, onIdleClientError: (error: Error) => void): Pool {
  const pool = new Pool({
    connectionString,
    max: 20,
    // Fail fast when the database is down: the API answers 503 instead of hanging.
    connectionTimeoutMillis: 3_000,
    idleTimeoutMillis: 30_000,
  });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', onIdleClientError);
  return pool;
}
