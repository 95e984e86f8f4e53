import type { Pool } from 'pg';
import type { RecordedEvent } from '@lien-thong/event-store';
import type { ProcessManager, ProcessManagerConnection } from './process-manager';
import type { Projection, ProjectionConnection } from './projection';

/** What a delivery needs from the runner that follows the store for it. */
export interface DeliveryContext {
  readonly pool: Pool;
  /** Most events taken in one batch. */
  readonly batchSize: number;
  /** False once the runner is stopping: no new batch is taken. */
  isRunning(): boolean;
  /** Told after each batch applied (transactional delivery), with the checkpoint's new position. */
  readonly applied?: (position: bigint) => void;
}

/** Thrown inside a batch when the stored checkpoint moved under us (a rebuild, or another runner). */
export class CheckpointMoved extends Error {}

export function checkpointMoved(stored: bigint, expected: bigint): CheckpointMoved {
  return new CheckpointMoved(`checkpoint is at ${stored}, this runner expected ${expected}`);
}

/** `handleBatch` when there is one, else `handle` for each event in order. */
export async function handleAll(
  subscriber: Projection | ProcessManager,
  events: readonly RecordedEvent[],
  connection: ProjectionConnection & ProcessManagerConnection,
): Promise<void> {
  if (events.length === 0) return;
  if (subscriber.handleBatch) await subscriber.handleBatch(events, connection);
  else for (const event of events) await subscriber.handle(event, connection);
}
