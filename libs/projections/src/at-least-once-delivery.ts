import type { RecordedEvent } from '@lien-thong/event-store';
import type { BatchingReader } from './batching-reader';
import { checkpointMoved, handleAll, type DeliveryContext } from './delivery';
import { MAX_PIPELINE_DEPTH, type ProcessManager, type ProcessManagerConnection } from './process-manager';
import {
  advanceAndCommit,
  advanceIfAt,
  beginAndLockCheckpoint,
  readCheckpoint,
} from './projection-checkpoints';

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
    return this.advance(expected, fresh[fresh.length - 1]!.position, fresh.length);
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
    // Batches whose work finished, in order, not checkpointed yet (`checkpointEveryMs`).
    const every = Math.max(0, this.manager.checkpointEveryMs ?? 0);
    let done: { last: bigint; count: number } | undefined;
    let storedAt = performance.now();
    let due: { at: Promise<'due'>; timer: NodeJS.Timeout } | undefined;
    const store = async () => {
      if (due) clearTimeout(due.timer);
      due = undefined;
      if (!done) return;
      const { last, count } = done;
      done = undefined;
      expected = await this.advance(expected, last, count);
      storedAt = performance.now();
    };
    try {
      while (running() || window.length > 0) {
        if (!ended && !failed && running() && window.length < depth)
          next ??= reader.next(this.context.batchSize);
        const oldest = window[0];
        const waits: Promise<'batch' | 'done' | 'due'>[] = [];
        if (next) waits.push(next.then(() => 'batch' as const));
        if (oldest) waits.push(oldest.work.then(() => 'done' as const));
        if (done) {
          if (!due) {
            let timer!: NodeJS.Timeout;
            const at = new Promise<'due'>((resolve) => {
              timer = setTimeout(() => resolve('due'), Math.max(0, storedAt + every - performance.now()));
            });
            due = { at, timer };
          }
          waits.push(due.at);
        }
        if (waits.length === 0) return;
        const what = await Promise.race(waits);
        if (what === 'due') {
          await store();
          continue;
        }
        if (what === 'done') {
          window.shift();
          const last = oldest!.events[oldest!.events.length - 1]!.position;
          done = { last, count: (done?.count ?? 0) + oldest!.events.length };
          if (performance.now() - storedAt >= every) await store();
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
      await store();
    } finally {
      if (due) clearTimeout(due.timer);
      void next?.catch(() => undefined);
      await Promise.allSettled(window.map((w) => w.work));
    }
  }

  /** No connection is held while the work waits on remote calls: each query takes any free one. */
  private async work(events: readonly RecordedEvent[]): Promise<void> {
    await handleAll(this.manager, events, this.anyConnection);
  }

  /**
   * Moves the checkpoint from `expected` to `last` (the work up to it done), if nobody moved it: in one
   * statement; in a transaction only when that finds it elsewhere or missing, to say which.
   */
  private async advance(expected: bigint, last: bigint, count: number): Promise<bigint> {
    if (await advanceIfAt(this.context.pool, this.manager.name, expected, last, count)) return last;
    const tx = await this.context.pool.connect();
    try {
      const locked = await beginAndLockCheckpoint(tx, this.manager.name);
      if (locked !== expected) throw checkpointMoved(locked, expected);
      await advanceAndCommit(tx, this.manager.name, last, count);
      return last;
    } catch (error) {
      await tx.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      tx.release();
    }
  }
}
