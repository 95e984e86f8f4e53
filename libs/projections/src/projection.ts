import type { PoolClient } from 'pg';
import type { EventFilter, RecordedEvent } from '@lien-thong/event-store';
import type { Migration } from '@lien-thong/infrastructure';

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
  handle(event: RecordedEvent, tx: PoolClient): Promise<void>;
  /** Empties the read model, for a rebuild from zero. */
  reset(tx: PoolClient): Promise<void>;
}
