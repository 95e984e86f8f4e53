import type { PoolClient } from 'pg';
import { matchesFilter, unionOfFilters, type EventStore, type RecordedEvent } from '@lien-thong/event-store';
import { BatchingReader } from './batching-reader';
import { DeferredWrites } from './deferred-writes';
import { CheckpointMoved, handleAll, type DeliveryContext } from './delivery';
import type { Projection, StoredStreamState } from './projection';
import {
  advanceAllAndCommit,
  beginAndLockCheckpoints,
  ensureCheckpoints,
  readCheckpoints,
  recordProjectionError,
} from './projection-checkpoints';
import { messageOf } from './error-message';

export interface ReadModelGroupOptions {
  /**
   * How far (in positions of the whole store) a read model may be behind the group's others and still
   * be followed in the group; one further behind (new, rebuilt, or stopped by its failures) catches up
   * alone, so the others stay live. It rejoins once within half of it.
   */
  readonly lagLimit: number;
  readonly retryDelayMs: number;
  readonly maxRetryDelayMs: number;
  readonly log: (message: string) => void;
  /** A read model left the group (it failed, or it is too far behind): the runner follows it alone. */
  readonly detached: (name: string) => void;
}

/**
 * A statement of the members together (their stored states read, or their deferred writes sent)
 * failed: the batch is rolled back and taken again with each member reading and writing its own, so
 * that a failing member is found and detached.
 */
class TogetherFailed extends Error {}

/** A member's `handle` threw: the batch is rolled back and the group goes on without it. */
class MemberFailed extends Error {
  constructor(
    readonly member: string,
    readonly reason: unknown,
  ) {
    super(`read model ${member} failed: ${reason instanceof Error ? reason.message : String(reason)}`);
  }
}

/**
 * The read models one runner follows, fed by **one** subscription and applied in **one** PostgreSQL
 * transaction per batch: the transaction locks every member's checkpoint row (in name order, as every
 * runner does), applies to each member the batch's events it wants (its own filter, positions after
 * its checkpoint) and moves all the checkpoints to the batch's end. Each read model is still applied
 * exactly once per event (transactional delivery), with one store read and one transaction per batch
 * instead of one per read model: the cost of a live event no longer grows with the number of read
 * models.
 *
 * One failing read model does not hold the others back: its batch is rolled back, it leaves the group
 * (`detached`) and is followed alone, with the runner's retries and their growing delays; the group goes
 * on at once without it. A read model far behind the others (a new one, a rebuild) catches up alone
 * too. Either rejoins (`offer`) once it has applied a batch and is close to the group's position again.
 *
 * Membership changes (a lease gained or given up) restart the group's subscription at a batch boundary
 * from the lowest checkpoint of its members; a member already further simply skips what it applied.
 */
export class ReadModelGroup {
  private readonly members = new Set<string>();
  /** Bumped by every membership change: the loop restarts at its next batch boundary. */
  private generation = 0;
  private looping = false;
  /** The generation in which a statement of the members together failed: they work apart in it. */
  private apartIn: number | undefined;
  private loop: Promise<void> | undefined;
  private reader: BatchingReader | undefined;
  private applying: Promise<unknown> | undefined;
  /** The position every member of the group has applied up to (the last batch's end). */
  private position = 0n;

  constructor(
    private readonly store: EventStore,
    private readonly context: DeliveryContext,
    private readonly projections: ReadonlyMap<string, Projection>,
    private readonly options: ReadModelGroupOptions,
  ) {}

  has(name: string): boolean {
    return this.members.has(name);
  }

  add(name: string): void {
    if (this.members.has(name)) return;
    this.members.add(name);
    this.changed();
  }

  /** Resolves once the group has stopped applying to `name` (its batch under way has ended). */
  async remove(name: string): Promise<void> {
    if (!this.members.delete(name)) return;
    this.changed();
    await this.applying?.catch(() => undefined);
  }

  /**
   * A read model followed alone has applied up to `checkpoint`: it rejoins (true) if that is close
   * enough to the group's position; then its lone follower must stop taking batches.
   */
  offer(name: string, checkpoint: bigint): boolean {
    if (!this.context.isRunning()) return false;
    if (checkpoint + BigInt(Math.floor(this.options.lagLimit / 2)) < this.position) return false;
    this.add(name);
    return true;
  }

  async stop(): Promise<void> {
    this.members.clear();
    this.changed();
    await this.loop;
  }

  private changed(): void {
    this.generation += 1;
    this.reader?.close().catch(() => undefined);
    if (!this.looping && this.members.size > 0 && this.context.isRunning()) {
      this.looping = true;
      this.loop = this.run();
    }
  }

  private async run(): Promise<void> {
    let delay = this.options.retryDelayMs;
    // `looping` is cleared in the same tick the loop sees no members, so an `add` never strands one.
    while (this.context.isRunning() && this.members.size > 0) {
      const generation = this.generation;
      try {
        await this.follow(generation);
        delay = this.options.retryDelayMs;
      } catch (error) {
        if (error instanceof MemberFailed) {
          this.options.log(`${error.message}; following it alone until it recovers`);
          await recordProjectionError(this.context.pool, error.member, error.message).catch(() => undefined);
          this.detach(error.member);
          continue;
        }
        if (error instanceof TogetherFailed) {
          this.options.log(`read model group: ${error.message}`);
          continue;
        }
        if (error instanceof CheckpointMoved) {
          this.options.log(`read model group: ${error.message}; following again from the stored checkpoints`);
          continue;
        }
        const message = messageOf(error);
        this.options.log(`read model group failed, retrying in ${delay} ms: ${message}`);
        for (const name of this.members) {
          await recordProjectionError(this.context.pool, name, message).catch(() => undefined);
        }
        await this.pause(generation, delay);
        delay = Math.min(delay * 2, this.options.maxRetryDelayMs);
      }
    }
    this.looping = false;
  }

  private detach(name: string): void {
    if (!this.members.delete(name)) return;
    this.generation += 1;
    this.options.detached(name);
  }

  /** One subscription for the members of this generation, until stopped, changed, or failing. */
  private async follow(generation: number): Promise<void> {
    const names = [...this.members].sort();
    await ensureCheckpoints(this.context.pool, names);
    const stored = await readCheckpoints(this.context.pool, names);
    if (generation !== this.generation) return;
    const head = [...stored.values()].reduce((a, b) => (b > a ? b : a), 0n);
    const lagLimit = BigInt(this.options.lagLimit);
    const behind = names.filter((name) => head - stored.get(name)! > lagLimit);
    for (const name of behind) {
      this.options.log(
        `read model ${name} is ${head - stored.get(name)!} positions behind: it catches up alone`,
      );
      this.detach(name);
    }
    if (behind.length > 0) return;
    this.position = head;
    const after = [...stored.values()].reduce((a, b) => (b < a ? b : a));
    const projections = names.map((name) => this.projections.get(name)!);
    const filter = unionOfFilters(projections.map((p) => p.filter));
    const reader = new BatchingReader(
      this.store.subscribeToAll({ ...(after > 0n ? { after } : {}), ...(filter ? { filter } : {}) }),
      this.context.batchSize * 4,
    );
    this.reader = reader;
    try {
      while (this.context.isRunning() && generation === this.generation) {
        const batch = await reader.next(this.context.batchSize);
        // Checked in the same tick as `applying` is set: `remove` then always waits for this batch.
        if (batch.length === 0 || !this.context.isRunning() || generation !== this.generation) return;
        const applying = this.apply(projections, batch, stored);
        this.applying = applying;
        try {
          await applying;
        } finally {
          if (this.applying === applying) this.applying = undefined;
        }
        this.position = batch[batch.length - 1]!.position;
      }
    } finally {
      if (this.reader === reader) this.reader = undefined;
      await reader.close();
    }
  }

  /** One transaction: lock every member's checkpoint, apply to each, advance all, commit. */
  private async apply(
    projections: readonly Projection[],
    batch: readonly RecordedEvent[],
    expected: Map<string, bigint>,
  ): Promise<void> {
    const last = batch[batch.length - 1]!.position;
    const tx: PoolClient = await this.context.pool.connect();
    try {
      const stored = await beginAndLockCheckpoints(
        tx,
        projections.map((p) => p.name),
      );
      for (const { name } of projections) {
        if (stored.get(name) !== expected.get(name)) {
          throw new CheckpointMoved(
            `checkpoint of ${name} is at ${stored.get(name) ?? 'none'}, this runner expected ${expected.get(name)}`,
          );
        }
      }
      const work = projections.map((projection) => {
        const from = stored.get(projection.name)!;
        return {
          projection,
          events: batch.filter((e) => e.position > from && matchesFilter(e, projection.filter)),
        };
      });
      const together = this.apartIn !== this.generation;
      const states = together ? await this.readStates(tx, work) : undefined;
      const writes = together ? new DeferredWrites() : undefined;
      const applied = new Map<string, number>();
      for (const { projection, events } of work) {
        try {
          const own = states?.get(projection.name);
          if (writes && projection.handleBatch && events.length > 0)
            await projection.handleBatch(events, tx, {
              ...(own ? { states: own } : {}),
              defer: writes.defer,
            });
          else await handleAll(projection, events, tx);
        } catch (error) {
          throw new MemberFailed(projection.name, error);
        }
        applied.set(projection.name, events.length);
      }
      if (writes && writes.size > 0) {
        try {
          await writes.send(tx);
        } catch (error) {
          this.apartIn = this.generation;
          throw new TogetherFailed(
            `writing for ${work.map((w) => w.projection.name).join(', ')} together failed (${messageOf(error)}); each writes its own`,
          );
        }
      }
      await advanceAllAndCommit(tx, applied, last);
      for (const { name } of projections) {
        const from = expected.get(name)!;
        expected.set(name, from > last ? from : last);
      }
    } catch (error) {
      await tx.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      tx.release();
    }
  }

  /**
   * The stored states of every member that reads them per stream (`batchStates`) and has events in the
   * batch, in one statement instead of one each (issue 22). Undefined when fewer than two need them.
   */
  private async readStates(
    tx: PoolClient,
    work: readonly { projection: Projection; events: readonly RecordedEvent[] }[],
  ): Promise<Map<string, StoredStreamState[]> | undefined> {
    const members: string[] = [];
    const parts: string[] = [];
    const values: string[][] = [];
    for (const { projection, events } of work) {
      if (!projection.batchStates || !projection.handleBatch || events.length === 0) continue;
      values.push([...new Set(events.map((e) => e.streamName))]);
      parts.push(
        `SELECT ${members.length} AS member, s.stream::text AS stream, s.last_revision::integer AS last_revision,` +
          ` s.state::jsonb AS state FROM (${projection.batchStates(`$${values.length}::text[]`)}) s`,
      );
      members.push(projection.name);
    }
    if (members.length < 2) return undefined;
    let rows: (StoredStreamState & { member: number })[];
    try {
      rows = (await tx.query<StoredStreamState & { member: number }>(parts.join(' UNION ALL '), values)).rows;
    } catch (error) {
      this.apartIn = this.generation;
      throw new TogetherFailed(
        `reading the stored states of ${members.join(', ')} together failed (${messageOf(error)}); each reads its own`,
      );
    }
    const states = new Map(members.map((name) => [name, [] as StoredStreamState[]]));
    for (const { member, ...row } of rows) states.get(members[member]!)!.push(row);
    return states;
  }

  private async pause(generation: number, ms: number): Promise<void> {
    const until = Date.now() + ms;
    while (this.context.isRunning() && generation === this.generation && Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, Math.min(50, until - Date.now())));
    }
  }
}
