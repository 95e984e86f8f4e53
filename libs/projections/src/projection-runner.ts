import type { Pool } from 'pg';
import type { EventStore, RecordedEvent } from '@lien-thong/event-store';
import { runMigrations } from '@lien-thong/infrastructure';
import { BatchingReader } from './batching-reader';
import type { Projection, ProjectionConnection } from './projection';
import {
  advanceAndCommit,
  beginAndLockCheckpoint,
  lockCheckpoint,
  migrateProjectionCheckpoints,
  readCheckpoint,
  recordProjectionError,
} from './projection-checkpoints';

export interface ProjectionRunnerOptions {
  /** Most events applied in one transaction. */
  readonly batchSize?: number;
  readonly retryDelayMs?: number;
  readonly maxRetryDelayMs?: number;
  readonly log?: (message: string) => void;
}

async function handleAll(
  projection: Projection,
  events: readonly RecordedEvent[],
  client: ProjectionConnection,
): Promise<void> {
  if (events.length === 0) return;
  if (projection.handleBatch) await projection.handleBatch(events, client);
  else for (const event of events) await projection.handle(event, client);
}

/** Thrown inside a batch when the stored checkpoint moved under us (a rebuild, or another runner). */
class CheckpointMoved extends Error {}

/**
 * Runs named projections from their stored checkpoints. Each batch is one PostgreSQL transaction that
 * locks the checkpoint row, applies the events and advances the checkpoint: a crash never applies an
 * event twice or skips one, and two runners of the same projection never interleave.
 */
export class ProjectionRunner {
  private running = false;
  private readonly loops = new Map<string, Promise<void>>();
  private readonly readers = new Set<BatchingReader>();
  private readonly batchSize: number;
  private readonly retryDelayMs: number;
  private readonly maxRetryDelayMs: number;
  private readonly log: (message: string) => void;
  /** Queries for at-least-once work, each on a free pooled connection. */
  private readonly anyConnection: ProjectionConnection;

  constructor(
    private readonly store: EventStore,
    private readonly pool: Pool,
    private readonly projections: readonly Projection[],
    options: ProjectionRunnerOptions = {},
  ) {
    const names = new Set<string>();
    for (const p of projections) {
      if (names.has(p.name)) throw new Error(`Two projections are named ${p.name}`);
      names.add(p.name);
    }
    this.batchSize = options.batchSize ?? 500;
    this.retryDelayMs = options.retryDelayMs ?? 200;
    this.maxRetryDelayMs = options.maxRetryDelayMs ?? 10_000;
    this.log = options.log ?? (() => undefined);
    this.anyConnection = { query: pool.query.bind(pool) };
  }

  /** Creates checkpoint and read-model tables. Safe to call from several processes. */
  async migrate(): Promise<void> {
    await migrateProjectionCheckpoints(this.pool);
    for (const projection of this.projections) {
      if (projection.migrations?.length) {
        await runMigrations(this.pool, `projection:${projection.name}`, projection.migrations);
      }
    }
  }

  async start(): Promise<void> {
    if (this.running) return;
    await this.migrate();
    this.running = true;
    for (const projection of this.projections) {
      this.loops.set(projection.name, this.loop(projection));
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all([...this.readers].map((r) => r.close()));
    await Promise.all(this.loops.values());
    this.loops.clear();
  }

  /**
   * Empties a projection's read model and sets its checkpoint back to zero, in one transaction.
   * A runner that is applying that projection notices the moved checkpoint and starts again from zero.
   */
  async rebuild(name: string): Promise<void> {
    const projection = this.projections.find((p) => p.name === name);
    if (!projection) {
      throw new Error(
        `Unknown projection "${name}". Known: ${this.projections.map((p) => p.name).join(', ')}`,
      );
    }
    await this.migrate();
    const tx = await this.pool.connect();
    try {
      await tx.query('BEGIN');
      await lockCheckpoint(tx, name);
      await projection.reset(tx);
      await tx.query(
        'UPDATE projection_checkpoints SET position = 0, events_applied = 0, updated_at = now() WHERE name = $1',
        [name],
      );
      await tx.query('COMMIT');
    } catch (error) {
      await tx.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      tx.release();
    }
  }

  /** Resolves once the projection's checkpoint has reached `position` (an event it handles). */
  async waitForCheckpoint(name: string, position: bigint, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const current = await readCheckpoint(this.pool, name);
      if (current !== undefined && current >= position) return;
      if (Date.now() > deadline) {
        throw new Error(
          `Projection ${name} did not reach position ${position} within ${timeoutMs} ms (at ${current ?? 'none'})`,
        );
      }
      await sleep(20);
    }
  }

  private async loop(projection: Projection): Promise<void> {
    let delay = this.retryDelayMs;
    while (this.running) {
      try {
        await this.follow(projection);
        delay = this.retryDelayMs;
      } catch (error) {
        if (!this.running) return;
        const message = error instanceof Error ? error.message : String(error);
        if (error instanceof CheckpointMoved) {
          this.log(`projection ${projection.name}: ${message}; following again from the stored checkpoint`);
          continue;
        }
        this.log(`projection ${projection.name} failed, retrying in ${delay} ms: ${message}`);
        await recordProjectionError(this.pool, projection.name, message).catch(() => undefined);
        await sleep(delay);
        delay = Math.min(delay * 2, this.maxRetryDelayMs);
      }
    }
  }

  /** Follows the store from the stored checkpoint until stopped, or until something goes wrong. */
  private async follow(projection: Projection): Promise<void> {
    let expected = (await readCheckpoint(this.pool, projection.name)) ?? 0n;
    const subscription = this.store.subscribeToAll({
      ...(expected > 0n ? { after: expected } : {}),
      ...(projection.filter ? { filter: projection.filter } : {}),
    });
    const reader = new BatchingReader(subscription, this.batchSize * 4);
    this.readers.add(reader);
    try {
      const depth =
        projection.delivery === 'at-least-once'
          ? Math.min(MAX_PIPELINE_DEPTH, Math.trunc(projection.pipeline ?? 1))
          : 1;
      if (depth > 1) return await this.followPipelined(projection, reader, expected, depth);
      while (this.running) {
        const batch = await reader.next(this.batchSize);
        // Stopping: a batch taken now is left for the next start, from the stored checkpoint.
        if (batch.length === 0 || !this.running) return;
        expected = await this.applyBatch(projection, batch, expected);
      }
    } finally {
      this.readers.delete(reader);
      await reader.close();
    }
  }

  private async applyBatch(
    projection: Projection,
    batch: readonly RecordedEvent[],
    expected: bigint,
  ): Promise<bigint> {
    if (projection.delivery === 'at-least-once')
      return this.applyBatchAtLeastOnce(projection, batch, expected);
    const tx = await this.pool.connect();
    try {
      const stored = await beginAndLockCheckpoint(tx, projection.name);
      if (stored !== expected) {
        throw new CheckpointMoved(`checkpoint is at ${stored}, this runner expected ${expected}`);
      }
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

  /** Work first, outside any transaction; then the checkpoint, in a short one, if nobody moved it. */
  private async applyBatchAtLeastOnce(
    projection: Projection,
    batch: readonly RecordedEvent[],
    expected: bigint,
  ): Promise<bigint> {
    const stored = (await readCheckpoint(this.pool, projection.name)) ?? 0n;
    if (stored !== expected) {
      throw new CheckpointMoved(`checkpoint is at ${stored}, this runner expected ${expected}`);
    }
    const fresh = batch.filter((event) => event.position > stored);
    if (fresh.length === 0) return stored;
    await this.workAtLeastOnce(projection, fresh);
    return this.advanceAtLeastOnce(projection, expected, fresh);
  }

  /**
   * `pipeline` > 1: up to `depth` batches worked on at once. Whichever comes first, the next batch
   * (while there is room) or the oldest batch's work finishing, is taken; the checkpoint advances past
   * the oldest batch only, so it never passes a batch whose work is unfinished. A failure stops taking
   * batches, lets the others settle and is thrown: the loop follows again from the stored checkpoint,
   * repeating whatever was not checkpointed (at least once).
   */
  private async followPipelined(
    projection: Projection,
    reader: BatchingReader,
    expected: bigint,
    depth: number,
  ): Promise<void> {
    const window: { events: readonly RecordedEvent[]; work: Promise<void> }[] = [];
    let next: Promise<RecordedEvent[]> | undefined;
    let ended = false;
    // Set as soon as any batch's work fails, also one that is not the oldest: nothing more is taken.
    let failed = false;
    try {
      while (this.running || window.length > 0) {
        if (!ended && !failed && this.running && window.length < depth) next ??= reader.next(this.batchSize);
        const oldest = window[0];
        const waits: Promise<'batch' | 'done'>[] = [];
        if (next) waits.push(next.then(() => 'batch' as const));
        if (oldest) waits.push(oldest.work.then(() => 'done' as const));
        if (waits.length === 0) return;
        if ((await Promise.race(waits)) === 'done') {
          window.shift();
          expected = await this.advanceAtLeastOnce(projection, expected, oldest!.events);
          continue;
        }
        const batch = await next!;
        next = undefined;
        // Ended, stopping or failed: a batch taken now is left for the next start (not checkpointed).
        if (batch.length === 0 || !this.running || failed) {
          ended = true;
          continue;
        }
        const work = this.workAtLeastOnce(projection, batch);
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
  private async workAtLeastOnce(projection: Projection, events: readonly RecordedEvent[]): Promise<void> {
    await handleAll(projection, events, this.anyConnection);
  }

  /** Moves the checkpoint from `expected` past `events` (already worked on), if nobody moved it. */
  private async advanceAtLeastOnce(
    projection: Projection,
    expected: bigint,
    events: readonly RecordedEvent[],
  ): Promise<bigint> {
    const last = events[events.length - 1]!.position;
    const tx = await this.pool.connect();
    try {
      const locked = await beginAndLockCheckpoint(tx, projection.name);
      if (locked !== expected) {
        throw new CheckpointMoved(`checkpoint is at ${locked}, this runner expected ${expected}`);
      }
      await advanceAndCommit(tx, projection.name, last, events.length);
      return last;
    } catch (error) {
      await tx.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      tx.release();
    }
  }
}

/** The most batches an at-least-once projection may have in flight (`Projection.pipeline` is clamped). */
export const MAX_PIPELINE_DEPTH = 64;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
