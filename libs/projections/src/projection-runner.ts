import type { Pool } from 'pg';
import type { EventStore } from '@lien-thong/event-store';
import { runMigrations } from '@lien-thong/postgres';
import { followAtLeastOnce } from './at-least-once-delivery';
import { BatchingReader } from './batching-reader';
import { CheckpointMoved, type DeliveryContext } from './delivery';
import { isProcessManager, type ProcessManager } from './process-manager';
import type { Projection } from './projection';
import {
  lockCheckpoint,
  migrateProjectionCheckpoints,
  readCheckpoint,
  recordProjectionError,
} from './projection-checkpoints';
import { followTransactionally } from './transactional-delivery';

export interface ProjectionRunnerOptions {
  /** Most events applied in one transaction. */
  readonly batchSize?: number;
  readonly retryDelayMs?: number;
  readonly maxRetryDelayMs?: number;
  readonly log?: (message: string) => void;
}

/**
 * Runs named projections (read models) and process managers from their stored checkpoints, each in
 * its own loop. A projection's batch is one PostgreSQL transaction that locks the checkpoint row,
 * applies the events and advances the checkpoint (transactional-delivery.ts): a crash never applies an
 * event twice or skips one, and two runners of the same projection never interleave. A process
 * manager's work runs outside any transaction, then its checkpoint moves (at-least-once-delivery.ts).
 */
export class ProjectionRunner {
  private running = false;
  private readonly loops = new Map<string, Promise<void>>();
  private readonly readers = new Set<BatchingReader>();
  private readonly batchSize: number;
  private readonly retryDelayMs: number;
  private readonly maxRetryDelayMs: number;
  private readonly log: (message: string) => void;
  /** What the deliveries need from this runner. */
  private readonly delivery: DeliveryContext;

  constructor(
    private readonly store: EventStore,
    private readonly pool: Pool,
    private readonly projections: readonly (Projection | ProcessManager)[],
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
    this.delivery = { pool, batchSize: this.batchSize, isRunning: () => this.running };
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
   * Empties a projection's read model and sets its checkpoint back to zero, in one transaction (a
   * process manager keeps no read model: only its checkpoint goes back). A runner that is following
   * it notices the moved checkpoint and starts again from zero.
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
      if (!isProcessManager(projection)) await projection.reset(tx);
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

  private async loop(projection: Projection | ProcessManager): Promise<void> {
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
  private async follow(projection: Projection | ProcessManager): Promise<void> {
    const expected = (await readCheckpoint(this.pool, projection.name)) ?? 0n;
    const subscription = this.store.subscribeToAll({
      ...(expected > 0n ? { after: expected } : {}),
      ...(projection.filter ? { filter: projection.filter } : {}),
    });
    const reader = new BatchingReader(subscription, this.batchSize * 4);
    this.readers.add(reader);
    try {
      if (isProcessManager(projection)) await followAtLeastOnce(this.delivery, projection, reader, expected);
      else await followTransactionally(this.delivery, projection, reader, expected);
    } finally {
      this.readers.delete(reader);
      await reader.close();
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
