import type { PoolClient } from 'pg';
import type { EventFilter, RecordedEvent } from '@lien-thong/event-store';
import type { Migration } from '@lien-thong/postgres';

/** What a projection's `handle` gets to query with: the runner's transaction. */
export type ProjectionConnection = Pick<PoolClient, 'query'>;

/** A stream's stored state in a read model that keeps one per stream (see `Projection.batchStates`). */
export interface StoredStreamState {
  readonly stream: string;
  readonly last_revision: number;
  readonly state: unknown;
}

/** What a runner may hand `handleBatch` beside the events. */
export interface BatchContext {
  /**
   * The stored states of the batch's streams, read by a read-model group for all its members in one
   * statement (`batchStates`); absent when the member is to read them itself.
   */
  readonly states?: readonly StoredStreamState[];
  /**
   * Present in a read-model group: hands the group a write to send together with the other members'
   * (one statement for all, before the checkpoints move), instead of a statement of its own. Only for
   * a member's own tables and for writes it reads nothing back from in the batch: the group may send
   * them after it handled later members. `build` gives the SQL of one INSERT, UPDATE or DELETE, asking
   * `param(value)` for the placeholder of each value; it may be called again (it must be pure).
   */
  readonly defer?: (build: DeferredWrite) => void;
}

/** A deferred write's SQL, built with `param(value)` giving each value's placeholder. */
export type DeferredWrite = (param: (value: unknown) => string) => string;

/**
 * A read model fed from the event store. `handle` runs inside the runner's transaction, the same one
 * that advances the projection's checkpoint: an event is applied exactly once, even across crashes
 * (transactional delivery). Work that is a remote call, not a database write, is a `ProcessManager`.
 */
export interface Projection {
  /** Stable name; the checkpoint is stored under it. Never renamed once shipped. */
  readonly name: string;
  /** Which events it needs; the store filters before delivery. */
  readonly filter?: EventFilter;
  /** The read model's tables. Applied before the projection starts. */
  readonly migrations?: readonly Migration[];
  handle(event: RecordedEvent, tx: ProjectionConnection): Promise<void>;
  /**
   * Optional: applies a whole batch at once (in position order, none applied before), in the same
   * transaction as the checkpoint; when present, the runner calls it instead of `handle`.
   */
  handleBatch?(
    events: readonly RecordedEvent[],
    tx: ProjectionConnection,
    context?: BatchContext,
  ): Promise<void>;
  /**
   * Optional, for a read model that keeps one state per stream and begins each batch by reading those
   * of the batch's streams: that SELECT, of `stream`, `last_revision` (integer) and `state` (jsonb) for
   * the streams in the text[] parameter `streams` (e.g. `$2`). A read-model group reads the states of all
   * such members in one statement, then hands each its own (`BatchContext.states`). It must read only
   * the member's own tables, which no other member writes.
   */
  batchStates?(streams: string): string;
  /** Empties the read model, for a rebuild from zero. */
  reset(tx: PoolClient): Promise<void>;
}
