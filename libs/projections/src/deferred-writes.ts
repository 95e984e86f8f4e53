import type { ProjectionConnection, DeferredWrite } from './projection';

/** PostgreSQL takes at most 65,535 parameters in one statement. */
export const MAX_STATEMENT_PARAMETERS = 65_535;

interface Chunk {
  readonly writes: string[];
  readonly values: unknown[];
}

/**
 * Writes sent together (a read-model group's members' deferred writes, `BatchContext.defer`): each as a
 * data-modifying `WITH` query of one statement, which PostgreSQL runs to completion whether or not the
 * main query reads it (a `SELECT 1`). They share one snapshot, so only writes to distinct tables, each
 * reading nothing the others write, may be deferred. More than 65,535 values take more statements; a
 * single write is sent as it is.
 */
export class DeferredWrites {
  private readonly chunks: Chunk[] = [{ writes: [], values: [] }];

  readonly defer = (build: DeferredWrite): void => {
    let chunk = this.chunks[this.chunks.length - 1]!;
    let rendered = render(build, chunk.values.length);
    if (chunk.writes.length > 0 && chunk.values.length + rendered.values.length > MAX_STATEMENT_PARAMETERS) {
      chunk = { writes: [], values: [] };
      this.chunks.push(chunk);
      rendered = render(build, 0);
    }
    chunk.writes.push(rendered.sql);
    chunk.values.push(...rendered.values);
  };

  /** How many writes were deferred. */
  get size(): number {
    return this.chunks.reduce((n, c) => n + c.writes.length, 0);
  }

  async send(tx: ProjectionConnection): Promise<void> {
    for (const { writes, values } of this.chunks) {
      if (writes.length === 0) continue;
      const sql =
        writes.length === 1
          ? writes[0]!
          : `WITH ${writes.map((w, i) => `w${i} AS (${w})`).join(', ')} SELECT 1`;
      await tx.query(sql, values);
    }
  }
}

function render(build: DeferredWrite, offset: number): { sql: string; values: unknown[] } {
  const values: unknown[] = [];
  const sql = build((value) => {
    values.push(value);
    return `$${offset + values.length}`;
  });
  return { sql, values };
}
