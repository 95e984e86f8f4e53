import type { PoolClient } from 'pg';
import type { BatchContext } from '@lien-thong/projections';

/** PostgreSQL takes at most 65,535 parameters in one statement. */
const MAX_PARAMETERS = 65_535;

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
  const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / columns.length));
  for (let start = 0; start < rows.length; start += perStatement) {
    const slice = rows.slice(start, start + perStatement);
    const build = (param: (value: unknown) => string) =>
      `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${slice
        .map((row) => `(${row.map(param).join(', ')})`)
        .join(', ')} ${suffix}`;
    if (defer) {
      defer(build);
      continue;
    }
    const values: unknown[] = [];
    await tx.query(
      build((value) => {
        values.push(value);
        return `$${values.length}`;
      }),
      values,
    );
  }
}
