import { createTestSchema, type TestSchema } from '@lien-thong/postgres/testing';
import { insertRows } from './multi-row-insert';
import { byStream } from './stream-fold';

describe('insertRows (many rows per statement, on PostgreSQL)', () => {
  let db: TestSchema;

  beforeAll(async () => {
    db = await createTestSchema('multi_row_insert');
    await db.pool.query(
      'CREATE TABLE t (stream text PRIMARY KEY, n integer NOT NULL, doc jsonb NOT NULL, tags text[] NOT NULL, at timestamptz)',
    );
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('splits rows past the 65,535-parameter limit into several statements, and types values by their columns', async () => {
    // 5 columns: 13,107 rows per statement, so 30,000 rows take three.
    const rows = Array.from({ length: 30_000 }, (_, i) => [
      `s-${i}`,
      i,
      JSON.stringify({ i }),
      [`a${i}`, 'b'],
      i % 2 === 0 ? '2026-11-23T08:00:00+07:00' : null,
    ]);
    const client = await db.pool.connect();
    const statements: string[] = [];
    const query = client.query.bind(client);
    (client as unknown as { query: typeof query }).query = ((text: string, values: unknown[]) => {
      statements.push(text);
      return query(text, values);
    }) as typeof query;
    try {
      await insertRows(client, 't', ['stream', 'n', 'doc', 'tags', 'at'], rows);
    } finally {
      (client as unknown as { query: typeof query }).query = query;
      client.release();
    }
    expect(statements).toHaveLength(3);
    const { rows: stored } = await db.pool.query<{
      count: string;
      sum: string;
      tagged: string;
      dated: string;
    }>(
      `SELECT count(*) AS count, sum(n) AS sum, count(*) FILTER (WHERE tags[2] = 'b') AS tagged,
              count(at) AS dated FROM t`,
    );
    expect(stored[0]).toEqual({
      count: '30000',
      sum: String((29_999 * 30_000) / 2),
      tagged: '30000',
      dated: '15000',
    });
    const last = await db.pool.query('SELECT doc, tags FROM t WHERE stream = $1', ['s-29999']);
    expect(last.rows[0]).toEqual({ doc: { i: 29_999 }, tags: ['a29999', 'b'] });
  });

  it('applies the suffix to every statement (ON CONFLICT), and refuses a row of the wrong width', async () => {
    const client = await db.pool.connect();
    try {
      await insertRows(
        client,
        't',
        ['stream', 'n', 'doc', 'tags'],
        [
          ['s-1', -1, '{}', []],
          ['new', 7, '{}', []],
        ],
        'ON CONFLICT (stream) DO UPDATE SET n = EXCLUDED.n',
      );
      await expect(insertRows(client, 't', ['stream', 'n'], [['only-one']])).rejects.toThrow(
        'A row for t has 1 values for 2 columns',
      );
    } finally {
      client.release();
    }
    const { rows } = await db.pool.query('SELECT stream, n FROM t WHERE stream IN ($1, $2) ORDER BY stream', [
      'new',
      's-1',
    ]);
    expect(rows).toEqual([
      { stream: 'new', n: 7 },
      { stream: 's-1', n: -1 },
    ]);
  });

  it('groups a batch by stream, keeping each stream in order and streams in order of first event', () => {
    const events = [
      { streamName: 'b', revision: 0 },
      { streamName: 'a', revision: 0 },
      { streamName: 'b', revision: 1 },
    ];
    expect([...byStream(events)]).toEqual([
      ['b', [events[0], events[2]]],
      ['a', [events[1]]],
    ]);
  });
});
