import type { PoolClient } from 'pg';
import type { EventFilter, RecordedEvent } from '@lien-thong/event-store';
import type { Migration } from '@lien-thong/infrastructure';

/**
 * What a projection's `handle` gets to query with: the runner's transaction (transactional delivery),
 * or any free pooled connection per query (at-least-once). With at-least-once, consecutive queries may
 * run on different connections: no BEGIN, SET, session advisory locks or cursors there.
 */
export type ProjectionConnection = Pick<PoolClient, 'query'>;

/**
 * A read model fed from the event store. `handle` runs inside the runner's transaction, the same one
 * that advances the projection's checkpoint: an event is applied exactly once, even across crashes.
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
   * transaction as the checkpoint. For a process manager whose work per event is a remote call it can
   * make in parallel; when present, the runner calls it instead of `handle`.
   */
  handleBatch?(events: readonly RecordedEvent[], tx: ProjectionConnection): Promise<void>;
  /**
   * `transactional` (default): `handle` runs inside the checkpoint's transaction (exactly once).
   * `at-least-once`: for a process manager whose work is a remote call (a Temporal signal), not a
   * database write. The runner runs it with no transaction open (a long one would hold back every
   * subscriber's view of the event store: their watermark is the oldest running transaction), then
   * advances the checkpoint in a short transaction if no other runner moved it meanwhile. A crash or
   * a race repeats the work: it must be idempotent. `tx` then runs each query on whichever pooled
   * connection is free, outside any transaction: no connection is held while the work waits on
   * remote calls (several batches may, see `pipeline`).
   */
  readonly delivery?: 'transactional' | 'at-least-once';
  /**
   * With `at-least-once` only: how many batches may be worked on at once (default 1). The next batch
   * starts while earlier ones still wait on their remote calls; the checkpoint still advances in
   * position order, past a batch only once its work and every earlier batch's work have finished.
   * Batches may finish out of order, so only for work whose order does not matter between batches
   * (a signal that says "something changed"); within one batch the order is kept. At most 64
   * (`MAX_PIPELINE_DEPTH`); a larger value is taken as 64.
   */
  readonly pipeline?: number;
  /** Empties the read model, for a rebuild from zero. */
  reset(tx: PoolClient): Promise<void>;
}
