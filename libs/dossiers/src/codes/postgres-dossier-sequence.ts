import type { Pool } from 'pg';
import type { DossierSequence } from './dossier-sequence.port';

const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * One row per (unit, day), bumped by a single upsert. PostgreSQL makes concurrent upserts of one key
 * wait for each other's row lock, so each caller gets its own number; the row survives restarts.
 *
 * Give it a pool, not a client inside the intake's transaction: each allocation must commit on its
 * own. Inside a longer transaction the row lock would serialise a desk's intakes for the whole
 * transaction, and a rollback after the dossier was appended elsewhere (EventStoreDB) would hand
 * the same number out again.
 */
export class PostgresDossierSequence implements DossierSequence {
  constructor(private readonly pool: Pick<Pool, 'query'>) {}

  async next(unitCode: string, localDate: string): Promise<number> {
    if (!unitCode || !LOCAL_DATE.test(localDate)) {
      throw new Error(`Invalid sequence key: unit "${unitCode}", date "${localDate}"`);
    }
    const result = await this.pool.query<{ last: number }>(
      `INSERT INTO dossier_code_sequences AS s (unit_code, local_date, last)
       VALUES ($1, $2::date, 1)
       ON CONFLICT (unit_code, local_date) DO UPDATE SET last = s.last + 1
       RETURNING s.last`,
      [unitCode, localDate],
    );
    const row = result.rows[0];
    if (!row) throw new Error('The sequence upsert returned no row');
    return row.last;
  }
}
