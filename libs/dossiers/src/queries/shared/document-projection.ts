import type { PoolClient } from 'pg';
import type { RecordedEvent } from '@lien-thong/event-store';
import type { Migration } from '@lien-thong/infrastructure';
import type { Projection } from '@lien-thong/projections';
import type { DossierEvent } from '../../domain/dossier-events';
import { contextOf, toDossierEvent, type EventContext } from './dossier-event';
import { byStream, insertRows } from './multi-row-insert';

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
  /**
   * A batch in three statements whatever its size: load the documents of its streams, evolve them in
   * memory event by event, store the changed ones. An event at or below a document's stored revision
   * changes nothing. Each document goes through JSON between events, as it would through the table.
   */
  async function handleBatch(events: readonly RecordedEvent[], tx: PoolClient): Promise<void> {
    if (events.length === 0) return;
    const streams = byStream(events);
    const found = await tx.query<{ stream: string; last_revision: number; doc: TDoc }>(
      `SELECT stream, last_revision, doc FROM ${spec.table} WHERE stream = ANY($1::text[])`,
      [[...streams.keys()]],
    );
    const stored = new Map(found.rows.map((row) => [row.stream, row]));
    const changed: { stream: string; revision: number; json: string; doc: TDoc }[] = [];
    for (const [stream, streamEvents] of streams) {
      let revision = stored.get(stream)?.last_revision ?? -1;
      let doc: TDoc | null = stored.get(stream)?.doc ?? null;
      let json: string | undefined;
      for (const recorded of streamEvents) {
        if (recorded.revision <= revision) continue;
        const next = spec.evolve(doc, toDossierEvent(recorded), contextOf(recorded));
        if (next === null) continue;
        json = JSON.stringify(next);
        doc = JSON.parse(json) as TDoc;
        revision = recorded.revision;
      }
      if (json !== undefined) changed.push({ stream, revision, json, doc: doc! });
    }
    if (changed.length === 0) return;
    // Rows with the same indexed columns go in one statement (every spec returns a fixed set).
    const groups = new Map<string, { names: string[]; rows: unknown[][] }>();
    for (const { stream, revision, json, doc } of changed) {
      const columns = Object.entries(spec.columns(doc));
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
      );
    }
  }

  return {
    name: spec.name,
    filter: { categories: spec.categories },
    migrations: spec.migrations,
    handleBatch,
    handle: (recorded: RecordedEvent, tx: PoolClient) => handleBatch([recorded], tx),
    async reset(tx: PoolClient): Promise<void> {
      await tx.query(`DELETE FROM ${spec.table}`);
    },
  };
}
