import type { PoolClient } from 'pg';
import type { EventFilter, RecordedEvent } from '@lien-thong/event-store';
import type { Migration } from '@lien-thong/postgres';
import type { Projection } from './projection';

/**
 * What a process manager's `handle` gets to query with: each query runs on whichever pooled
 * connection is free, outside any transaction (no connection is held while the work waits on remote
 * calls). Consecutive queries may run on different connections: no BEGIN, SET, session advisory locks
 * or cursors.
 */
export type ProcessManagerConnection = Pick<PoolClient, 'query'>;

/** The most batches a process manager may have in flight (`ProcessManager.pipeline` is clamped). */
export const MAX_PIPELINE_DEPTH = 64;

/**
 * Follows the event store like a projection, but its work is a remote call (a Temporal signal), not a
 * database write, so it is delivered **at least once**: the runner runs it with no transaction open (a
 * long one would hold back every subscriber's view of the event store: their watermark is the oldest
 * running transaction), then advances the checkpoint in a short transaction if no other runner moved
 * it meanwhile. A crash or a race repeats the work: it must be idempotent. It keeps no read model, so
 * a rebuild only sets its checkpoint back to zero (its work is done again from the first event).
 */
export interface ProcessManager {
  readonly kind: 'process-manager';
  /** Stable name; the checkpoint is stored under it. Never renamed once shipped. */
  readonly name: string;
  /** Which events it needs; the store filters before delivery. */
  readonly filter?: EventFilter;
  /** Tables it writes to, if any. Applied before it starts. */
  readonly migrations?: readonly Migration[];
  handle(event: RecordedEvent, db: ProcessManagerConnection): Promise<void>;
  /**
   * Optional: works on a whole batch at once (in position order), for remote calls it can make in
   * parallel; when present, the runner calls it instead of `handle`.
   */
  handleBatch?(events: readonly RecordedEvent[], db: ProcessManagerConnection): Promise<void>;
  /**
   * How many batches may be worked on at once (default 1). The next batch starts while earlier ones
   * still wait on their remote calls; the checkpoint still advances in position order, past a batch
   * only once its work and every earlier batch's work have finished. Batches may finish out of order,
   * so only for work whose order does not matter between batches (a signal that says "something
   * changed"); within one batch the order is kept. At most 64 (`MAX_PIPELINE_DEPTH`); a larger value
   * is taken as 64.
   */
  readonly pipeline?: number;
  /**
   * Pipelined process managers only: the checkpoint is stored at most this often (milliseconds), once
   * for all the batches finished in between, instead of after each batch; and within this long after
   * the last one when no more come. After a crash, up to this much more work is done again, so only for
   * work whose repetition is harmless (a signal that says "plan again"). Default 0: after each batch.
   */
  readonly checkpointEveryMs?: number;
}

export function isProcessManager(subscriber: Projection | ProcessManager): subscriber is ProcessManager {
  return 'kind' in subscriber && subscriber.kind === 'process-manager';
}
