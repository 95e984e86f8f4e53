import type { PoolClient } from 'pg';
import type { RecordedEvent } from '@lien-thong/event-store';
import type { Migration } from '@lien-thong/postgres';
import type { BatchContext, Projection } from '@lien-thong/projections';
import { contextOf, toDossierEvent, type EventContext } from './dossier-event';
import { insertRows } from './multi-row-insert';
import { foldBatchByStream, statesSql } from './stream-fold';
import { type DossierEvent } from '@lien-thong/dossier-model';

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
  /** A batch in a few statements whatever its size: load its documents, evolve them in memory, store the changed ones. */
  async function handleBatch(
    events: readonly RecordedEvent[],
    tx: PoolClient,
    context?: BatchContext,
  ): Promise<void> {
    if (events.length === 0) return;
    const changed = await foldBatchByStream<TDoc>(
      tx,
      spec.table,
      'doc',
      events,
      (doc, recorded) => spec.evolve(doc, toDossierEvent(recorded), contextOf(recorded)),
      context?.states,
    );
    if (changed.length === 0) return;
    // Rows with the same indexed columns go in one statement (every spec returns a fixed set).
    const groups = new Map<string, { names: string[]; rows: unknown[][] }>();
    for (const { stream, revision, json, state } of changed) {
      const columns = Object.entries(spec.columns(state));
      const key = columns.map(([name]) => name).join(',');
      let group = groups.get(key);
      if (!group) groups.set(key, (group = { names: columns.map(([name]) => name), rows: [] }));
      group.rows.push([stream, revision, json, ...columns.map(([, value]) => value)]);
    }
    for (const { names, rows } of groups.values()) {
      const all = ['stream', 'last_revision', 'doc', ...names];
      await insertRows(
        tx,
        spec.table,
        all,
        rows,
        `ON CONFLICT (stream) DO UPDATE SET ${all
          .slice(1)
          .map((n) => `${n} = EXCLUDED.${n}`)
          .join(', ')}`,
        context?.defer,
      );
    }
  }

  return {
    name: spec.name,
    filter: { categories: spec.categories },
    migrations: spec.migrations,
    handleBatch,
    batchStates: (streams) => statesSql(spec.table, 'doc', streams),
    handle: (recorded: RecordedEvent, tx: PoolClient) => handleBatch([recorded], tx),
    async reset(tx: PoolClient): Promise<void> {
      await tx.query(`DELETE FROM ${spec.table}`);
    },
  };
}
