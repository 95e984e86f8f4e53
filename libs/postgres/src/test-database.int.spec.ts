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
