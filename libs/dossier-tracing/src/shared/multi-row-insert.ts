import type { PoolClient } from 'pg';
import { DeferredWrites, MAX_STATEMENT_PARAMETERS, type BatchContext } from '@lien-thong/projections';

/**
 * `INSERT INTO table (columns) VALUES (...), (...) <suffix>` for many rows in as few statements as the
 * parameter limit allows: one round trip per read model and batch instead of one per event. Each
 * value is a parameter; `table`, `columns` and `suffix` are fixed names and SQL, never user input.
 * An INSERT's VALUES rows take the target columns' types, as a single-row INSERT does. `defer` (a
 * read-model group's, `BatchContext.defer`): the statements are handed to the group, which sends them
 * with the other read models' writes, instead of being sent here.
 */
export async function insertRows(
  tx: PoolClient,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly unknown[])[],
  suffix = '',
  defer?: BatchContext['defer'],
): Promise<void> {
  for (const row of rows) {
    if (row.length !== columns.length) {
      throw new Error(`A row for ${table} has ${row.length} values for ${columns.length} columns`);
    }
  }
  const perStatement = Math.max(1, Math.floor(MAX_STATEMENT_PARAMETERS / columns.length));
  // Not deferred: the statements are sent here, one per slice (each slice fills a statement).
  const own = defer ? undefined : new DeferredWrites();
  for (let start = 0; start < rows.length; start += perStatement) {
    const slice = rows.slice(start, start + perStatement);
    (defer ?? own!.defer)(
      (param) =>
        `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${slice
          .map((row) => `(${row.map(param).join(', ')})`)
          .join(', ')} ${suffix}`,
    );
  }
  await own?.send(tx);
}
