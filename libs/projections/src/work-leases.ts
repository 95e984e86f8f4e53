import { createHash } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import { runMigrations, type Migration } from '@lien-thong/postgres';
import { messageOf } from './error-message';

/**
 * Leases on named work (a projection, a process manager, a job that must run once), so that N worker processes share the work
 * instead of all doing all of it (issue 22). Built on PostgreSQL session advisory locks held on one
 * connection per process: a process that dies (SIGKILL, a lost network) loses its connection and with it
 * every lease at once, and the others take the work over at their next check (every second by default).
 *
 * Sharing: each process holding leases is a *member* (an advisory lock on a member slot, plus a row that
 * says which names it can run). Each name belongs to one live member chosen by rendezvous hashing among
 * the members that can run it, so adding or losing a member moves only its share, and two members
 * never hand a name back and forth. A member lets go of a name only after its work on it has stopped
 * (`release` hook), and the new owner takes it at its next check.
 *
 * A lease is an optimisation, not the guarantee: a projection's batch still locks its checkpoint row and
 * checks the position it expected (projection-checkpoints.ts), so a process that lost its lease in the
 * middle of a batch can never apply an event twice.
 *
 * Scoped by the connection's schema (advisory locks are per database): the suites of the tests, each in
 * its own schema, never see each other's leases.
 */
export interface WorkLeaseOptions {
  /** How often leases are checked, taken and given up (ms). */
  readonly checkIntervalMs?: number;
  readonly log?: (message: string) => void;
}

/** What the leases ask of their user. */
export interface LeaseHooks {
  /** The lease on `name` was taken: start its work. */
  gained(name: string): void;
  /** The lease on `name` is about to be given up (or was lost): stop its work and resolve once stopped. */
  release(name: string): Promise<void>;
}

const MAX_MEMBERS = 1024;

const migrations: Migration[] = [
  {
    id: '0001-lease-members',
    sql: `CREATE TABLE lease_members (
            slot integer PRIMARY KEY,
            names text[] NOT NULL,
            joined_at timestamptz NOT NULL DEFAULT now()
          )`,
  },
];

export class WorkLeases {
  private client: PoolClient | undefined;
  private slot: number | undefined;
  private leaseClass = 0;
  private memberClass = 0;
  private readonly held = new Set<string>();
  private readonly keyOf = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> = Promise.resolve();
  private running = false;
  private readonly checkIntervalMs: number;
  private readonly log: (message: string) => void;

  constructor(
    private readonly pool: Pool,
    private readonly names: readonly string[],
    private readonly hooks: LeaseHooks,
    options: WorkLeaseOptions = {},
  ) {
    this.checkIntervalMs = options.checkIntervalMs ?? 1000;
    this.log = options.log ?? (() => undefined);
    for (const name of names) this.keyOf.set(name, int32Of(`lease:${name}`));
  }

  /** Whether this process holds the lease on `name` now. */
  owns(name: string): boolean {
    return this.held.has(name);
  }

  /** The names this process holds. */
  owned(): string[] {
    return [...this.held].sort();
  }

  async start(): Promise<void> {
    if (this.running) return;
    await runMigrations(this.pool, 'work-leases', migrations);
    this.running = true;
    await this.check();
    this.schedule();
  }

  /** Gives up every lease (after its work stopped) and leaves. */
  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    await this.ticking;
    await this.releaseAll();
    const client = this.client;
    this.client = undefined;
    if (!client) return;
    try {
      if (this.slot !== undefined) {
        await client.query('DELETE FROM lease_members WHERE slot = $1', [this.slot]);
        await client.query('SELECT pg_advisory_unlock($1, $2)', [this.memberClass, this.slot]);
      }
      client.release();
    } catch (error) {
      client.release(error instanceof Error ? error : new Error(String(error)));
    }
    this.slot = undefined;
  }

  private schedule(): void {
    if (!this.running) return;
    this.timer = setTimeout(() => {
      this.ticking = this.check().finally(() => this.schedule());
    }, this.checkIntervalMs);
  }

  /** One check: join if needed, then take the names this member should hold and give up the others. */
  private async check(): Promise<void> {
    try {
      const client = await this.connection();
      const members = await this.liveMembers(client);
      for (const name of this.names) {
        if (!this.running) return;
        const owner = ownerOf(name, members);
        if (owner === this.slot && !this.held.has(name)) {
          const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS ok', [
            this.leaseClass,
            this.keyOf.get(name)!,
          ]);
          if (rows[0]?.ok) {
            this.held.add(name);
            this.hooks.gained(name);
          }
        } else if (owner !== this.slot && this.held.has(name)) {
          this.held.delete(name);
          await this.hooks.release(name);
          await client.query('SELECT pg_advisory_unlock($1, $2)', [this.leaseClass, this.keyOf.get(name)!]);
        }
      }
    } catch (error) {
      if (this.client || this.held.size > 0) await this.lose(error);
      else this.log(`leases: cannot join: ${messageOf(error)}`);
    }
  }

  /** The lease connection, joined as a member; a new one after a loss. */
  private async connection(): Promise<PoolClient> {
    if (this.client) return this.client;
    const client = await this.pool.connect();
    // A checked-out client that fails emits 'error': without a listener that would end the process.
    client.on('error', (error) => {
      if (this.client === client) void this.lose(error);
    });
    try {
      const { rows } = await client.query<{ schema: string }>('SELECT current_schema() AS schema');
      const schema = rows[0]?.schema ?? 'public';
      this.leaseClass = int32Of(`lien-thong-leases:${schema}`);
      this.memberClass = int32Of(`lien-thong-lease-members:${schema}`);
      for (let slot = 0; slot < MAX_MEMBERS; slot++) {
        const taken = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS ok', [
          this.memberClass,
          slot,
        ]);
        if (!taken.rows[0]?.ok) continue;
        await client.query(
          `INSERT INTO lease_members (slot, names) VALUES ($1, $2)
           ON CONFLICT (slot) DO UPDATE SET names = EXCLUDED.names, joined_at = now()`,
          [slot, this.names],
        );
        this.slot = slot;
        this.client = client;
        return client;
      }
      throw new Error(`more than ${MAX_MEMBERS} members hold leases`);
    } catch (error) {
      client.release(error instanceof Error ? error : new Error(String(error)));
      throw error;
    }
  }

  /** Members whose slot lock is held now, with the names each can run. */
  private async liveMembers(client: PoolClient): Promise<Member[]> {
    const { rows } = await client.query<{ slot: number; names: string[] }>(
      `SELECT m.slot, m.names
         FROM lease_members m
         JOIN pg_locks l
           ON l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
          AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
          AND l.classid::bigint = $1 AND l.objid::bigint = m.slot`,
      [this.memberClass >>> 0],
    );
    return rows.map((r) => ({ slot: r.slot, names: new Set(r.names) }));
  }

  /** The connection failed: every lease went with it. Work stops; the next check joins again. */
  private async lose(error: unknown): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.slot = undefined;
    this.log(`leases lost with their connection: ${messageOf(error)}`);
    client?.release(error instanceof Error ? error : new Error(String(error)));
    await this.releaseAll();
  }

  /** Stops the work on every held name, then gives its lease up (when the connection still lives). */
  private async releaseAll(): Promise<void> {
    const names = [...this.held];
    this.held.clear();
    await Promise.all(names.map((name) => this.hooks.release(name)));
    const client = this.client;
    for (const name of names) {
      await client
        ?.query('SELECT pg_advisory_unlock($1, $2)', [this.leaseClass, this.keyOf.get(name)!])
        .catch(() => undefined);
    }
  }
}

interface Member {
  readonly slot: number;
  readonly names: ReadonlySet<string>;
}

/** Rendezvous hashing: the member that can run `name` with the highest score for it. */
export function ownerOf(name: string, members: readonly Member[]): number | undefined {
  let best: { slot: number; score: number } | undefined;
  for (const member of members) {
    if (!member.names.has(name)) continue;
    const score = int32Of(`${name}#${member.slot}`) >>> 0;
    if (!best || score > best.score || (score === best.score && member.slot < best.slot))
      best = { slot: member.slot, score };
  }
  return best?.slot;
}

/** A stable signed 32-bit key for a text (advisory locks take two int4 keys). */
function int32Of(text: string): number {
  return createHash('sha256').update(text).digest().readInt32BE(0);
}
