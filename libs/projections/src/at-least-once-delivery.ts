import type { RecordedEvent } from '@lien-thong/event-store';
import type { BatchingReader } from './batching-reader';
import { checkpointMoved, handleAll, type DeliveryContext } from './delivery';
import { MAX_PIPELINE_DEPTH, type ProcessManager, type ProcessManagerConnection } from './process-manager';
import { advanceAndCommit, beginAndLockCheckpoint, readCheckpoint } from './projection-checkpoints';

/**
 * Process managers, at least once: each batch's work first, outside any transaction and holding no
 * connection while it waits on remote calls; then the checkpoint, in a short transaction, if nobody
 * moved it. With `pipeline` > 1, several batches are worked on at once.
 */
export async function followAtLeastOnce(
  context: DeliveryContext,
  manager: ProcessManager,
  reader: BatchingReader,
  expected: bigint,
): Promise<void> {
  const delivery = new AtLeastOnceDelivery(context, manager);
  const depth = Math.min(MAX_PIPELINE_DEPTH, Math.trunc(manager.pipeline ?? 1));
  if (depth > 1) return delivery.followPipelined(reader, expected, depth);
  while (context.isRunning()) {
    const batch = await reader.next(context.batchSize);
    // Stopping: a batch taken now is left for the next start, from the stored checkpoint.
    if (batch.length === 0 || !context.isRunning()) return;
    expected = await delivery.apply(batch, expected);
  }
}

class AtLeastOnceDelivery {
  /** Queries for the work, each on a free pooled connection. */
  private readonly anyConnection: ProcessManagerConnection;

  constructor(
    private readonly context: DeliveryContext,
    private readonly manager: ProcessManager,
  ) {
    this.anyConnection = { query: context.pool.query.bind(context.pool) };
  }

  /** Work first, outside any transaction; then the checkpoint, in a short one, if nobody moved it. */
  async apply(batch: readonly RecordedEvent[], expected: bigint): Promise<bigint> {
    const stored = (await readCheckpoint(this.context.pool, this.manager.name)) ?? 0n;
    if (stored !== expected) throw checkpointMoved(stored, expected);
    const fresh = batch.filter((event) => event.position > stored);
    if (fresh.length === 0) return stored;
    await this.work(fresh);
    return this.advance(expected, fresh);
  }

  /**
   * Up to `depth` batches worked on at once. Whichever comes first, the next batch (while there is
   * room) or the oldest batch's work finishing, is taken; the checkpoint advances past the oldest batch
   * only, so it never passes a batch whose work is unfinished. A failure stops taking batches, lets the
   * others settle and is thrown: the runner follows again from the stored checkpoint, repeating
   * whatever was not checkpointed (at least once).
   */
  async followPipelined(reader: BatchingReader, expected: bigint, depth: number): Promise<void> {
    const running = () => this.context.isRunning();
    const window: { events: readonly RecordedEvent[]; work: Promise<void> }[] = [];
    let next: Promise<RecordedEvent[]> | undefined;
    let ended = false;
    // Set as soon as any batch's work fails, also one that is not the oldest: nothing more is taken.
    let failed = false;
    try {
      while (running() || window.length > 0) {
        if (!ended && !failed && running() && window.length < depth)
          next ??= reader.next(this.context.batchSize);
        const oldest = window[0];
        const waits: Promise<'batch' | 'done'>[] = [];
        if (next) waits.push(next.then(() => 'batch' as const));
        if (oldest) waits.push(oldest.work.then(() => 'done' as const));
        if (waits.length === 0) return;
        if ((await Promise.race(waits)) === 'done') {
          window.shift();
          expected = await this.advance(expected, oldest!.events);
          continue;
        }
        const batch = await next!;
        next = undefined;
        // Ended, stopping or failed: a batch taken now is left for the next start (not checkpointed).
        if (batch.length === 0 || !running() || failed) {
          ended = true;
          continue;
        }
        const work = this.work(batch);
        // Awaited in order below; marked handled now so a later batch failing first is no stray rejection.
        work.catch(() => {
          failed = true;
        });
        window.push({ events: batch, work });
      }
    } finally {
      void next?.catch(() => undefined);
      await Promise.allSettled(window.map((w) => w.work));
    }
  }

  /** No connection is held while the work waits on remote calls: each query takes any free one. */
  private async work(events: readonly RecordedEvent[]): Promise<void> {
    await handleAll(this.manager, events, this.anyConnection);
  }

  /** Moves the checkpoint from `expected` past `events` (already worked on), if nobody moved it. */
  private async advance(expected: bigint, events: readonly RecordedEvent[]): Promise<bigint> {
    const last = events[events.length - 1]!.position;
    const tx = await this.context.pool.connect();
    try {
      const locked = await beginAndLockCheckpoint(tx, this.manager.name);
      if (locked !== expected) throw checkpointMoved(locked, expected);
      await advanceAndCommit(tx, this.manager.name, last, events.length);
      return last;
    } catch (error) {
      await tx.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      tx.release();
    }
  }
}
