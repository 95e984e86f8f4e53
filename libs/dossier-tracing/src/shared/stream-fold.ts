import type { RecordedEvent } from '@lien-thong/event-store';
import type { ProjectionConnection, StoredStreamState } from '@lien-thong/projections';

/** A stream whose stored state a batch changed: the state after its last applied event, and as JSON. */
export interface FoldedStream<TState> {
  readonly stream: string;
  readonly revision: number;
  readonly json: string;
  readonly state: TState;
}

/** The events of a batch grouped by stream, each group in position order, streams in order of first event. */
export function byStream<E extends { readonly streamName: string }>(events: readonly E[]): Map<string, E[]> {
  const groups = new Map<string, E[]>();
  for (const event of events) {
    const group = groups.get(event.streamName);
    if (group) group.push(event);
    else groups.set(event.streamName, [event]);
  }
  return groups;
}

/**
 * For a read model that keeps one state per stream (`stream`, `last_revision` and a JSON column):
 * loads the states of the batch's streams in one query and folds each stream's events into its
 * state in memory. An event at or below the stored revision changes nothing, nor does one `fold`
 * answers with null. The state goes through JSON between events, as it would through the table.
 * Returns the streams whose state changed, for the caller to store. `preloaded`: the stored states,
 * when the runner read them already (a read-model group, `Projection.batchStates`).
 */
export async function foldBatchByStream<TState>(
  tx: ProjectionConnection,
  table: string,
  stateColumn: string,
  events: readonly RecordedEvent[],
  fold: (state: TState | null, event: RecordedEvent) => TState | null,
  preloaded?: readonly StoredStreamState[],
): Promise<FoldedStream<TState>[]> {
  const streams = byStream(events);
  const rows =
    preloaded ??
    (await tx.query<StoredStreamState>(statesSql(table, stateColumn, '$1::text[]'), [[...streams.keys()]]))
      .rows;
  const stored = new Map(rows.map((row) => [row.stream, row as StoredStreamState & { state: TState }]));
  const changed: FoldedStream<TState>[] = [];
  for (const [stream, streamEvents] of streams) {
    let revision = stored.get(stream)?.last_revision ?? -1;
    let state: TState | null = stored.get(stream)?.state ?? null;
    let json: string | undefined;
    for (const recorded of streamEvents) {
      if (recorded.revision <= revision) continue;
      const next = fold(state, recorded);
      if (next === null) continue;
      json = JSON.stringify(next);
      state = JSON.parse(json) as TState;
      revision = recorded.revision;
    }
    if (json !== undefined) changed.push({ stream, revision, json, state: state! });
  }
  return changed;
}

/** The SELECT of the stored states of the streams in `streams` (a text[] parameter), as `foldBatchByStream` reads them. */
export function statesSql(table: string, stateColumn: string, streams: string): string {
  return `SELECT stream, last_revision, ${stateColumn} AS state FROM ${table} WHERE stream = ANY(${streams})`;
}
