import { DeferredWrites } from './deferred-writes';

function capture() {
  const sent: { sql: string; values: unknown[] }[] = [];
  const tx = {
    query: (sql: string, values: unknown[]) => {
      sent.push({ sql, values });
      return Promise.resolve({ rows: [] });
    },
  } as never;
  return { sent, tx };
}

describe('DeferredWrites', () => {
  it('sends one write as it is, and several as the WITH queries of one statement, numbering their values in order', async () => {
    const one = new DeferredWrites();
    one.defer((p) => `DELETE FROM a WHERE id = ${p(1)}`);
    const first = capture();
    await one.send(first.tx);
    expect(first.sent).toEqual([{ sql: 'DELETE FROM a WHERE id = $1', values: [1] }]);

    const many = new DeferredWrites();
    many.defer((p) => `INSERT INTO a VALUES (${p('x')}, ${p('y')})`);
    many.defer((p) => `UPDATE b SET v = ${p(3)}`);
    expect(many.size).toBe(2);
    const second = capture();
    await many.send(second.tx);
    expect(second.sent).toEqual([
      {
        sql: 'WITH w0 AS (INSERT INTO a VALUES ($1, $2)), w1 AS (UPDATE b SET v = $3) SELECT 1',
        values: ['x', 'y', 3],
      },
    ]);
  });

  it('takes another statement where the values would pass 65,535, each numbered from $1', async () => {
    const writes = new DeferredWrites();
    const rows = (n: number, from: number) => (p: (v: unknown) => string) =>
      `INSERT INTO t VALUES ${Array.from({ length: n }, (_, i) => `(${p(from + i)})`).join(', ')}`;
    writes.defer(rows(40_000, 0));
    writes.defer(rows(30_000, 40_000));
    writes.defer(rows(2, 70_000));
    const { sent, tx } = capture();
    await writes.send(tx);
    expect(sent.map((s) => s.values.length)).toEqual([40_000, 30_002]);
    expect(sent[1]!.sql.startsWith('WITH w0 AS (INSERT INTO t VALUES ($1), ($2)')).toBe(true);
    expect(sent[1]!.sql).toContain('w1 AS (INSERT INTO t VALUES ($30001), ($30002))');
    expect(sent[1]!.values[30_000]).toBe(70_000);
  });

  it('sends nothing when nothing was deferred', async () => {
    const { sent, tx } = capture();
    await new DeferredWrites().send(tx);
    expect(sent).toEqual([]);
  });
});
