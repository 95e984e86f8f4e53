import { Pool, type PoolClient } from 'pg';

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

/**
 * Runs `work` in one transaction on a client of the pool: committed when it resolves, rolled back when it
 * throws (the error is rethrown as is), the client released either way.
 */
export async function inTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
