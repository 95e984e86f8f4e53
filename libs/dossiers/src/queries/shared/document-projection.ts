import type { PoolClient } from 'pg';
import type { RecordedEvent } from '@lien-thong/event-store';
import type { Migration } from '@lien-thong/infrastructure';
import type { Projection } from '@lien-thong/projections';
import type { DossierEvent } from '../../domain/dossier-events';
import { contextOf, toDossierEvent, type EventContext } from './dossier-event';

export type ColumnValue = string | number | boolean | null | readonly string[];

/**
 * A read model kept as one JSON document per stream plus a few indexed columns for filtering. The
 * business logic lives in `evolve`, a pure function unit-tested on its own; the SQL only loads the
 * document, stores the new one and its columns.
 *
 * The table must have `stream text PRIMARY KEY, last_revision integer NOT NULL, doc jsonb NOT NULL`
 * and the columns `columns` returns. `last_revision` makes a repeated event a no-op, on top of the
 * runner's exactly-once guarantee.
 */
export interface DocumentProjectionSpec<TDoc> {
  readonly name: string;
  readonly table: string;
  readonly categories: readonly string[];
  readonly migrations: readonly Migration[];
  /** The next document; `doc` is null before the stream's first relevant event. Null: nothing to keep. */
  evolve(doc: TDoc | null, event: DossierEvent, context: EventContext): TDoc | null;
  /** Values of the indexed columns (fixed names, never user input). */
  columns(doc: TDoc): Readonly<Record<string, ColumnValue>>;
}

export function documentProjection<TDoc>(spec: DocumentProjectionSpec<TDoc>): Projection {
  return {
    name: spec.name,
    filter: { categories: spec.categories },
    migrations: spec.migrations,
    async handle(recorded: RecordedEvent, tx: PoolClient): Promise<void> {
      const found = await tx.query<{ last_revision: number; doc: TDoc }>(
        `SELECT last_revision, doc FROM ${spec.table} WHERE stream = $1`,
        [recorded.streamName],
      );
      const current = found.rows[0];
      if (current && current.last_revision >= recorded.revision) return;
      const next = spec.evolve(current?.doc ?? null, toDossierEvent(recorded), contextOf(recorded));
      if (next === null) return;
      const columns = Object.entries(spec.columns(next));
      const names = ['stream', 'last_revision', 'doc', ...columns.map(([name]) => name)];
      const values: unknown[] = [recorded.streamName, recorded.revision, JSON.stringify(next)];
      for (const [, value] of columns) values.push(value);
      await tx.query(
        `INSERT INTO ${spec.table} (${names.join(', ')})
         VALUES (${names.map((_, i) => `$${i + 1}`).join(', ')})
         ON CONFLICT (stream) DO UPDATE SET ${names
           .slice(1)
           .map((n) => `${n} = EXCLUDED.${n}`)
           .join(', ')}`,
        values,
      );
    },
    async reset(tx: PoolClient): Promise<void> {
      await tx.query(`DELETE FROM ${spec.table}`);
    },
  };
}
