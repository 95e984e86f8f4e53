import type { RecordedEvent } from '@lien-thong/event-store';
import type { BatchingReader } from './batching-reader';
import { checkpointMoved, handleAll, type DeliveryContext } from './delivery';
import type { Projection } from './projection';
import { advanceAndCommit, beginAndLockCheckpoint } from './projection-checkpoints';

/**
 * Read models, exactly once: each batch is one PostgreSQL transaction that locks the checkpoint row,
 * applies the events and advances the checkpoint. A crash never applies an event twice or skips one,
 * and two runners of the same projection never interleave (the loser finds the checkpoint moved).
 */
export async function followTransactionally(
  context: DeliveryContext,
  projection: Projection,
  reader: BatchingReader,
  expected: bigint,
): Promise<void> {
  while (context.isRunning()) {
    const batch = await reader.next(context.batchSize);
    // Stopping: a batch taken now is left for the next start, from the stored checkpoint.
    if (batch.length === 0 || !context.isRunning()) return;
    expected = await applyInTransaction(context, projection, batch, expected);
    context.applied?.(expected);
  }
}

async function applyInTransaction(
  context: DeliveryContext,
  projection: Projection,
  batch: readonly RecordedEvent[],
  expected: bigint,
): Promise<bigint> {
  const tx = await context.pool.connect();
  try {
    const stored = await beginAndLockCheckpoint(tx, projection.name);
    if (stored !== expected) throw checkpointMoved(stored, expected);
    const fresh = batch.filter((event) => event.position > stored);
    await handleAll(projection, fresh, tx);
    const last = fresh.length > 0 ? fresh[fresh.length - 1]!.position : stored;
    const applied = fresh.length;
    await advanceAndCommit(tx, projection.name, last, applied);
    return last;
  } catch (error) {
    await tx.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    tx.release();
  }
}
