import type { PoolClient } from 'pg';

/** PostgreSQL takes at most 65,535 parameters in one statement. */
const MAX_PARAMETERS = 65_535;

/**
 * `INSERT INTO table (columns) VALUES (...), (...) <suffix>` for many rows in as few statements as the
 * parameter limit allows: one round trip per read model and batch instead of one per event. Each
 * value is a parameter; `table`, `columns` and `suffix` are fixed names and SQL, never user input.
 * An INSERT's VALUES rows take the target columns' types, as a single-row INSERT does.
 */
export async function insertRows(
  tx: PoolClient,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly unknown[])[],
  suffix = '',
): Promise<void> {
  const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / columns.length));
  for (let start = 0; start < rows.length; start += perStatement) {
    const values: unknown[] = [];
    const tuples: string[] = [];
    for (const row of rows.slice(start, start + perStatement)) {
      if (row.length !== columns.length) {
        throw new Error(`A row for ${table} has ${row.length} values for ${columns.length} columns`);
      }
      const placeholders = row.map((value) => {
        values.push(value);
        return `$${values.length}`;
      });
      tuples.push(`(${placeholders.join(', ')})`);
    }
    await tx.query(
      `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')} ${suffix}`,
      values,
    );
  }
}
