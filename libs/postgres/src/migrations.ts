import type { Pool, PoolClient } from 'pg';

export interface Migration {
  /** Stable, ordered id, e.g. `0001-create-events`. Never renamed once shipped. */
  readonly id: string;
  readonly sql: string;
}

/**
 * Applies a component's migrations once each, in order, under a transaction-scoped advisory lock so
 * that concurrent processes (API, worker, tests) never apply one twice. Tables are unqualified: the
 * connection's search_path decides the schema (tests give each suite its own schema).
 */
export async function runMigrations(
  pool: Pool,
  component: string,
  migrations: readonly Migration[],
): Promise<string[]> {
  const client: PoolClient = await pool.connect();
  const applied: string[] = [];
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock(hashtext(current_schema() || $1))', [
      `migrations:${component}`,
    ]);
    await client.query(
      `CREATE TABLE IF NOT EXISTS schema_migrations (
         component text NOT NULL,
         id text NOT NULL,
         applied_at timestamptz NOT NULL DEFAULT now(),
         PRIMARY KEY (component, id))`,
    );
    const done = await client.query<{ id: string }>('SELECT id FROM schema_migrations WHERE component = $1', [
      component,
    ]);
    const doneIds = new Set(done.rows.map((r) => r.id));
    for (const migration of migrations) {
      if (doneIds.has(migration.id)) continue;
      await client.query(migration.sql);
      await client.query('INSERT INTO schema_migrations (component, id) VALUES ($1, $2)', [
        component,
        migration.id,
      ]);
      applied.push(migration.id);
    }
    await client.query('COMMIT');
    return applied;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
