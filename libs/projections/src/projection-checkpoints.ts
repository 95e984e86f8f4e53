import type { Pool, PoolClient } from 'pg';
import { runMigrations, type Migration } from '@lien-thong/postgres';

const migrations: Migration[] = [
  {
    id: '0001-projection-checkpoints',
    sql: `CREATE TABLE projection_checkpoints (
            name text PRIMARY KEY,
            position bigint NOT NULL DEFAULT 0,
            events_applied bigint NOT NULL DEFAULT 0,
            updated_at timestamptz NOT NULL DEFAULT now(),
            last_error text,
            last_error_at timestamptz
          )`,
  },
];

export async function migrateProjectionCheckpoints(pool: Pool): Promise<void> {
  await runMigrations(pool, 'projections', migrations);
}

/** Locks the projection's checkpoint row for the transaction (one applier per projection at a time). */
export async function lockCheckpoint(tx: PoolClient, name: string): Promise<bigint> {
  await tx.query('INSERT INTO projection_checkpoints (name) VALUES ($1) ON CONFLICT (name) DO NOTHING', [
    name,
  ]);
  const result = await tx.query<{ position: string }>(
    'SELECT position FROM projection_checkpoints WHERE name = $1 FOR UPDATE',
    [name],
  );
  return BigInt(result.rows[0]?.position ?? '0');
}

/**
 * `BEGIN`, then lock the checkpoint row, in one round trip (a multi-statement simple query: the name is
 * sent as an escaped literal). A live projection applies one small batch at a time, so round trips
 * are most of its cost.
 */
export async function beginAndLockCheckpoint(tx: PoolClient, name: string): Promise<bigint> {
  const literal = tx.escapeLiteral(name);
  const results = (await tx.query(
    `BEGIN;
     INSERT INTO projection_checkpoints (name) VALUES (${literal}) ON CONFLICT (name) DO NOTHING;
     SELECT position FROM projection_checkpoints WHERE name = ${literal} FOR UPDATE`,
  )) as unknown as { rows: { position: string }[] }[];
  return BigInt(results[2]?.rows[0]?.position ?? '0');
}

/**
 * Moves the checkpoint of `name` from `expected` to `position` in one statement, outside any
 * transaction (a compare-and-set: the row is locked while it is compared): true if it was at `expected`;
 * false if it is elsewhere or missing, which the caller then finds out in a transaction. For process
 * managers, whose work is done before and outside (at least once).
 */
export async function advanceIfAt(
  pool: Pool,
  name: string,
  expected: bigint,
  position: bigint,
  applied: number,
): Promise<boolean> {
  const result = await pool.query({
    name: 'projection-checkpoint-advance-if-at',
    text: `UPDATE projection_checkpoints
              SET position = $3::bigint, events_applied = events_applied + $4::bigint,
                  updated_at = now(), last_error = NULL, last_error_at = NULL
            WHERE name = $1 AND position = $2::bigint`,
    values: [name, expected.toString(), position.toString(), Math.trunc(applied)],
  });
  return result.rowCount === 1;
}

/** Advance the checkpoint (when something was applied) and `COMMIT`, in one round trip. */
export async function advanceAndCommit(
  tx: PoolClient,
  name: string,
  position: bigint,
  applied: number,
): Promise<void> {
  if (applied === 0) {
    await tx.query('COMMIT');
    return;
  }
  await tx.query(
    `UPDATE projection_checkpoints
        SET position = ${tx.escapeLiteral(position.toString())}::bigint,
            events_applied = events_applied + ${Math.trunc(applied)},
            updated_at = now(), last_error = NULL, last_error_at = NULL
      WHERE name = ${tx.escapeLiteral(name)};
     COMMIT`,
  );
}

/** Creates the checkpoint rows of `names` that do not exist yet (at position 0). */
export async function ensureCheckpoints(pool: Pool, names: readonly string[]): Promise<void> {
  await pool.query(
    'INSERT INTO projection_checkpoints (name) SELECT unnest($1::text[]) ON CONFLICT (name) DO NOTHING',
    [names],
  );
}

/** The stored positions of `names` (0 for one without a row). */
export async function readCheckpoints(pool: Pool, names: readonly string[]): Promise<Map<string, bigint>> {
  const result = await pool.query<{ name: string; position: string }>(
    'SELECT name, position FROM projection_checkpoints WHERE name = ANY($1::text[])',
    [names],
  );
  const positions = new Map(names.map((name) => [name, 0n]));
  for (const row of result.rows) positions.set(row.name, BigInt(row.position));
  return positions;
}

/**
 * `BEGIN`, then lock the checkpoint rows of `names` (which exist: `ensureCheckpoints`) in name order, in
 * one round trip. Every runner locks in the same order, so two never deadlock on them.
 */
export async function beginAndLockCheckpoints(
  tx: PoolClient,
  names: readonly string[],
): Promise<Map<string, bigint>> {
  const list = names.map((name) => tx.escapeLiteral(name)).join(', ');
  const results = (await tx.query(
    `BEGIN;
     SELECT name, position FROM projection_checkpoints WHERE name IN (${list}) ORDER BY name FOR UPDATE`,
  )) as unknown as { rows: { name: string; position: string }[] }[];
  const positions = new Map<string, bigint>();
  for (const row of results[1]?.rows ?? []) positions.set(row.name, BigInt(row.position));
  return positions;
}

/**
 * Moves every checkpoint of `applied` to `position` (never back: one already past it stays), adds the
 * number of events each applied, and `COMMIT`s, in one round trip.
 */
export async function advanceAllAndCommit(
  tx: PoolClient,
  applied: ReadonlyMap<string, number>,
  position: bigint,
): Promise<void> {
  const rows = [...applied].map(([name, count]) => `(${tx.escapeLiteral(name)}, ${Math.trunc(count)})`);
  await tx.query(
    `UPDATE projection_checkpoints AS c
        SET position = GREATEST(c.position, ${tx.escapeLiteral(position.toString())}::bigint),
            events_applied = c.events_applied + v.applied,
            updated_at = now(), last_error = NULL, last_error_at = NULL
       FROM (VALUES ${rows.join(', ')}) AS v(name, applied)
      WHERE c.name = v.name;
     COMMIT`,
  );
}

export async function recordProjectionError(pool: Pool, name: string, message: string): Promise<void> {
  await pool.query(
    `INSERT INTO projection_checkpoints (name, last_error, last_error_at) VALUES ($1, $2, now())
     ON CONFLICT (name) DO UPDATE SET last_error = EXCLUDED.last_error, last_error_at = now()`,
    [name, message.slice(0, 2000)],
  );
}

export async function readCheckpoint(pool: Pool, name: string): Promise<bigint | undefined> {
  const result = await pool.query<{ position: string }>(
    'SELECT position FROM projection_checkpoints WHERE name = $1',
    [name],
  );
  const row = result.rows[0];
  return row ? BigInt(row.position) : undefined;
}

export interface ProjectionStatus {
  readonly name: string;
  readonly position: string;
  readonly eventsApplied: string;
  readonly updatedAt: string;
  readonly lastError: string | null;
}

export async function projectionStatuses(pool: Pool): Promise<ProjectionStatus[]> {
  const result = await pool.query<{
    name: string;
    position: string;
    events_applied: string;
    updated_at: Date;
    last_error: string | null;
  }>(
    'SELECT name, position, events_applied, updated_at, last_error FROM projection_checkpoints ORDER BY name',
  );
  return result.rows.map((r) => ({
    name: r.name,
    position: r.position,
    eventsApplied: r.events_applied,
    updatedAt: r.updated_at.toISOString(),
    lastError: r.last_error,
  }));
}
