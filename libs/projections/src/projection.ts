import type { PoolClient } from 'pg';
import type { EventFilter, RecordedEvent } from '@lien-thong/event-store';
import type { Migration } from '@lien-thong/postgres';

/** What a projection's `handle` gets to query with: the runner's transaction. */
export type ProjectionConnection = Pick<PoolClient, 'query'>;

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
  handleBatch?(events: readonly RecordedEvent[], tx: ProjectionConnection): Promise<void>;
  /** Empties the read model, for a rebuild from zero. */
  reset(tx: PoolClient): Promise<void>;
}
