import type { Pool, PoolClient } from 'pg';

export interface Migration {
  /** Stable, ordered id, e.g. `0001-create-events`. Never renamed once shipped. */
  readonly id: string;
  readonly sql: string;
}

export interface RunMigrationsOptions {
  /**
   * A table in which an earlier runner recorded this component's migrations, with columns `id` and
   * `applied_at` (the event store's former `event_store_migrations`). Before anything is applied, the
   * ids found there count as applied and are recorded in `schema_migrations` too, so a database
   * migrated by that runner is not migrated twice. The table is left as it is. No such table: nothing
   * to adopt.
   */
  readonly adoptFrom?: string;
  /**
   * Runs at every call after the migrations (also when none was due), in their transaction and under
   * their lock: for repairs that must see the finished schema (the event store's restored transaction
   * ids).
   */
  readonly afterMigrations?: (client: PoolClient) => Promise<void>;
}

const TABLE_NAME = /^[a-z_][a-z0-9_]*$/;

/**
 * Applies a component's migrations once each, in order, under a transaction-scoped advisory lock so
 * that concurrent processes (API, worker, tests) never apply one twice. Tables are unqualified: the
 * connection's search_path decides the schema (tests give each suite its own schema).
 */
export async function runMigrations(
  pool: Pool,
  component: string,
  migrations: readonly Migration[],
  options: RunMigrationsOptions = {},
): Promise<string[]> {
  if (options.adoptFrom !== undefined && !TABLE_NAME.test(options.adoptFrom))
    throw new Error(`runMigrations: adoptFrom must be a plain table name, got "${options.adoptFrom}"`);
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
    if (options.adoptFrom !== undefined) await adopt(client, component, options.adoptFrom);
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
    await options.afterMigrations?.(client);
    await client.query('COMMIT');
    return applied;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** Records as applied what an earlier runner recorded in `table` (resolved on the search_path). */
async function adopt(client: PoolClient, component: string, table: string): Promise<void> {
  const found = await client.query<{ found: boolean }>('SELECT to_regclass($1) IS NOT NULL AS found', [
    table,
  ]);
  if (!found.rows[0]?.found) return;
  await client.query(
    `INSERT INTO schema_migrations (component, id, applied_at)
     SELECT $1, id, applied_at FROM ${table}
     ON CONFLICT (component, id) DO NOTHING`,
    [component],
  );
}
