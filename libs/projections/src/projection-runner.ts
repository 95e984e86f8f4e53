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
import { ReadModelGroup } from './read-model-group';
import { WorkLeases, type WorkLeaseOptions } from './work-leases';
import { followTransactionally } from './transactional-delivery';
import { messageOf } from './error-message';

export interface ProjectionRunnerOptions {
  /** Most events applied in one transaction. */
  readonly batchSize?: number;
  readonly retryDelayMs?: number;
  readonly maxRetryDelayMs?: number;
  readonly log?: (message: string) => void;
  /**
   * Share the projections with the other runners on the same database and schema through leases
   * (work-leases.ts): each runs on one runner at a time. On by default; `false` runs every
   * projection here whatever the others do (their checkpoints still keep them from interleaving).
   */
  readonly leases?: boolean | WorkLeaseOptions;
  /**
   * Follow the read models together: one subscription and one transaction per batch for all of them
   * (read-model-group.ts). On by default; `false` gives each its own subscription and transactions.
   */
  readonly group?: boolean;
  /** With `group`: how far behind the others (in store positions) a read model catches up alone. */
  readonly groupLagLimit?: number;
}

/**
 * Runs named projections (read models) and process managers from their stored checkpoints. The read
 * models run together (read-model-group.ts): one subscription, and each batch one PostgreSQL
 * transaction that locks their checkpoint rows, applies the events and advances the checkpoints; a
 * crash never applies an event twice or skips one, and two runners of the same projection never
 * interleave. A read model that fails, or is far behind, runs in its own loop (transactional-delivery.ts)
 * until it is well and close again. A process manager runs in its own loop, its work outside any
 * transaction, then its checkpoint moves (at-least-once-delivery.ts).
 *
 * With several runners (worker processes) on one database, each projection runs on the one runner that
 * holds its lease (work-leases.ts); a runner that dies loses its leases within seconds.
 */
export class ProjectionRunner {
  private running = false;
  private readonly loops = new Map<string, Promise<void>>();
  private readonly readers = new Map<string, BatchingReader>();
  private readonly leases: WorkLeases | undefined;
  private readonly group: ReadModelGroup | undefined;
  /** Read models followed in their own loop while the group is on (failed, or far behind). */
  private readonly alone = new Set<string>();
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
    this.group =
      options.group === false
        ? undefined
        : new ReadModelGroup(
            store,
            this.delivery,
            new Map(projections.filter((p) => !isProcessManager(p)).map((p) => [p.name, p as Projection])),
            {
              lagLimit: options.groupLagLimit ?? this.batchSize * 20,
              retryDelayMs: this.retryDelayMs,
              maxRetryDelayMs: this.maxRetryDelayMs,
              log: this.log,
              detached: (name) => this.followAlone(name),
            },
          );
    this.leases =
      options.leases === false
        ? undefined
        : new WorkLeases(
            pool,
            projections.map((p) => p.name),
            { gained: (name) => this.startLoop(name), release: (name) => this.stopLoop(name) },
            { log: this.log, ...(typeof options.leases === 'object' ? options.leases : {}) },
          );
  }

  /** The projections this runner follows now (all of them without leases). */
  following(): string[] {
    return this.leases ? this.leases.owned() : this.projections.map((p) => p.name);
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
    if (this.leases) await this.leases.start();
    else for (const projection of this.projections) this.startLoop(projection.name);
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.leases?.stop();
    await this.group?.stop();
    await Promise.all([...this.readers.values()].map((r) => r.close()));
    await Promise.all(this.loops.values());
    this.loops.clear();
  }

  /** Starts following `name` (its lease was taken): in the group, or in a loop of its own. */
  private startLoop(name: string): void {
    const projection = this.projections.find((p) => p.name === name)!;
    if (this.group && !isProcessManager(projection)) this.group.add(name);
    else this.startOwnLoop(projection);
  }

  /** A read model left the group: its own loop follows it until it may rejoin. */
  private followAlone(name: string): void {
    this.alone.add(name);
    this.startOwnLoop(this.projections.find((p) => p.name === name)!);
  }

  /** Starts a loop of `projection`'s own, after a loop of it still stopping, if any. */
  private startOwnLoop(projection: Projection | ProcessManager): void {
    const name = projection.name;
    const previous = this.loops.get(name) ?? Promise.resolve();
    const loop = previous.then(() => this.loop(projection));
    this.loops.set(name, loop);
    void loop.finally(() => {
      if (this.loops.get(name) === loop) this.loops.delete(name);
    });
  }

  /** Stops following `name` (its lease is given up): its batch under way ends first. */
  private async stopLoop(name: string): Promise<void> {
    await this.group?.remove(name);
    this.alone.delete(name);
    await this.readers.get(name)?.close();
    await this.loops.get(name);
  }

  /** Whether `name`'s own loop should go on (a read model in the group has none). */
  private active(name: string): boolean {
    if (!this.running || !(this.leases?.owns(name) ?? true)) return false;
    return (
      !this.group || this.alone.has(name) || isProcessManager(this.projections.find((p) => p.name === name)!)
    );
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
    while (this.active(projection.name)) {
      try {
        await this.follow(projection);
        delay = this.retryDelayMs;
      } catch (error) {
        if (!this.active(projection.name)) return;
        const message = messageOf(error);
        if (error instanceof CheckpointMoved) {
          this.log(`projection ${projection.name}: ${message}; following again from the stored checkpoint`);
          continue;
        }
        this.log(`projection ${projection.name} failed, retrying in ${delay} ms: ${message}`);
        await recordProjectionError(this.pool, projection.name, message).catch(() => undefined);
        await this.pause(projection.name, delay);
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
    this.readers.set(projection.name, reader);
    const context: DeliveryContext = {
      ...this.delivery,
      isRunning: () => this.active(projection.name),
      ...(this.group ? { applied: (position: bigint) => this.mayRejoin(projection.name, position) } : {}),
    };
    try {
      // Stopped (or the lease given up) while subscribing: the reader was not there to close yet.
      if (!context.isRunning()) return;
      if (isProcessManager(projection)) await followAtLeastOnce(context, projection, reader, expected);
      else await followTransactionally(context, projection, reader, expected);
    } finally {
      if (this.readers.get(projection.name) === reader) this.readers.delete(projection.name);
      await reader.close();
    }
  }

  /** After a batch applied alone: back into the group when close to it (its own loop then ends). */
  private mayRejoin(name: string, position: bigint): void {
    if (this.alone.has(name) && this.group!.offer(name, position)) {
      this.alone.delete(name);
      this.log(`read model ${name} is back in the group`);
    }
  }

  /** Waits `ms` before a retry, or less when the projection stops being followed here. */
  private async pause(name: string, ms: number): Promise<void> {
    const until = Date.now() + ms;
    while (this.active(name) && Date.now() < until) await sleep(Math.min(50, until - Date.now()));
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
