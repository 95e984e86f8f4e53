import type { PoolClient } from 'pg';
import { createTestSchema } from '@lien-thong/postgres/testing';
import { runMigrations } from '@lien-thong/postgres';

describe('test database and migrations', () => {
  it('gives each suite its own schema and applies a migration exactly once', async () => {
    const a = await createTestSchema('migrations_a');
    const b = await createTestSchema('migrations_b');
    try {
      const migrations = [{ id: '0001', sql: 'CREATE TABLE thing (id int primary key)' }];
      const [first, second] = await Promise.all([
        runMigrations(a.pool, 'demo', migrations),
        runMigrations(a.pool, 'demo', migrations),
      ]);
      expect([...first, ...second]).toEqual(['0001']);
      await a.pool.query('INSERT INTO thing VALUES (1)');
      await expect(b.pool.query('SELECT * FROM thing')).rejects.toThrow(/does not exist/);
      const schema = await a.pool.query<{ s: string }>('SELECT current_schema() AS s');
      expect(schema.rows[0]?.s).toBe(a.schema);
    } finally {
      await a.drop();
      await b.drop();
    }
  });
});

describe('migrations recorded by an earlier runner', () => {
  it('count as applied what adoptFrom recorded, and run afterMigrations in their transaction every time', async () => {
    const db = await createTestSchema('migrations_adopt');
    try {
      await db.pool.query('CREATE TABLE old_runner (id text PRIMARY KEY, applied_at timestamptz NOT NULL)');
      await db.pool.query("INSERT INTO old_runner VALUES ('0001', '2025-01-02T03:04:05Z')");
      await db.pool.query('CREATE TABLE thing (id int primary key)');
      const migrations = [
        { id: '0001', sql: 'CREATE TABLE thing (id int primary key)' },
        { id: '0002', sql: 'ALTER TABLE thing ADD COLUMN name text' },
      ];
      const seen: string[] = [];
      const options = {
        adoptFrom: 'old_runner',
        afterMigrations: async (client: PoolClient) => {
          const columns = await client.query<{ n: string }>(
            "SELECT count(*)::text AS n FROM information_schema.columns WHERE table_name = 'thing' AND table_schema = current_schema()",
          );
          seen.push(columns.rows[0]!.n);
        },
      };

      expect(await runMigrations(db.pool, 'adopting', migrations, options)).toEqual(['0002']);
      expect(await runMigrations(db.pool, 'adopting', migrations, options)).toEqual([]);
      expect(seen).toEqual(['2', '2']);
      const recorded = await db.pool.query<{ id: string; applied_at: Date }>(
        "SELECT id, applied_at FROM schema_migrations WHERE component = 'adopting' ORDER BY id",
      );
      expect(recorded.rows.map((r) => r.id)).toEqual(['0001', '0002']);
      expect(recorded.rows[0]!.applied_at.toISOString()).toBe('2025-01-02T03:04:05.000Z');
      // No earlier table: nothing to adopt, everything applied.
      expect(
        await runMigrations(db.pool, 'fresh', [{ id: '0001', sql: 'SELECT 1' }], { adoptFrom: 'none_here' }),
      ).toEqual(['0001']);
      await expect(
        runMigrations(db.pool, 'x', [], { adoptFrom: 'old_runner; DROP TABLE thing' }),
      ).rejects.toThrow(/plain table name/);
    } finally {
      await db.drop();
    }
  });
});
