import { Pool } from 'pg';
import { EventStoreUnavailableError } from '../errors';
import { PostgresEventStore } from './postgres-event-store';
import { isUnavailable, toStoreError } from './postgres-errors';

function withCode(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

describe('PostgreSQL error mapping', () => {
  it.each([
    ['a refused connection', withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
    ['a reset connection', withCode('read ECONNRESET', 'ECONNRESET')],
    ['a server shutting down', withCode('terminating connection due to administrator command', '57P01')],
    ['a server starting up', withCode('the database system is starting up', '57P03')],
    ['a connection exception', withCode('connection failure', '08006')],
    ['too many connections', withCode('sorry, too many clients already', '53300')],
    ['a dropped connection', new Error('Connection terminated unexpectedly')],
    ['a pool that cannot connect in time', new Error('timeout exceeded when trying to connect')],
    [
      'every address of a host refusing',
      Object.assign(new AggregateError([withCode('x', 'ECONNREFUSED')], ''), {}),
    ],
  ])('maps %s to EventStoreUnavailableError', (_, error) => {
    expect(isUnavailable(error)).toBe(true);
    const mapped = toStoreError(error, 'reading');
    expect(mapped).toBeInstanceOf(EventStoreUnavailableError);
    expect(mapped.cause).toBe(error);
  });

  it.each([
    ['a unique violation', withCode('duplicate key value violates unique constraint', '23505')],
    ['a syntax error', withCode('syntax error at or near "SELEC"', '42601')],
    ['a missing table', withCode('relation "events" does not exist', '42P01')],
  ])('passes %s through unchanged', (_, error) => {
    expect(isUnavailable(error)).toBe(false);
    expect(toStoreError(error, 'reading')).toBe(error);
  });

  it('reports a server that refuses connections as unavailable from every operation', async () => {
    const pool = new Pool({
      host: '127.0.0.1',
      port: 1,
      user: 'nobody',
      database: 'none',
      connectionTimeoutMillis: 2_000,
    });
    const store = new PostgresEventStore(pool, { notifications: false });
    try {
      await expect(store.ping()).rejects.toThrow(EventStoreUnavailableError);
      await expect(store.streamRevision('thing-1')).rejects.toThrow(EventStoreUnavailableError);
      await expect(store.readAll()).rejects.toThrow(EventStoreUnavailableError);
    } finally {
      await store.close();
      await pool.end();
    }
  });
});
