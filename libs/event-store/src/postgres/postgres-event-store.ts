import type { Pool } from 'pg';
import { inTransaction } from '@lien-thong/postgres';
import {
  categoryOf,
  type AppendResult,
  type EventFilter,
  type EventStore,
  type ExpectedRevision,
  type GlobalPosition,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type StreamName,
  type SubscribeOptions,
  type Subscription,
} from '../event-store.port';
import { EventStoreUnavailableError, WrongExpectedRevisionError } from '../errors';
import {
  assertValidExpectedRevision,
  checkExpectedRevision,
  resolveRetry,
  type RecordedId,
} from '../append-rules';
import { validateAppend } from '../new-event.validation';
import { computeContentHash } from '../tamper-evidence/event-hash';
import { ANYTHING, PendingChanges } from './change-payload';
import { ChangeNotifier } from './change-notifier';
import { sqlState, toStoreError } from './postgres-errors';
import { PostgresSubscription, type SafePage } from './postgres-subscription';
import { NextBatch } from './next-batch';
import { StreamTails } from './stream-tails';

export interface PostgresEventStoreOptions {
  /**
   * Connection string for the LISTEN connection; it must land in the same schema as the pool (tests
   * pass one with `options=-c search_path=...`). Without it, the LISTEN connection is taken from the pool.
   */
  readonly connectionString?: string;
  /** How often an idle subscription looks for events when no notification arrives. Default 500 ms. */
  readonly pollIntervalMs?: number;
  /** Events per subscription query while catching up. Default 1000. */
  readonly batchSize?: number;
  /** Set false to rely on polling alone (tests of the fallback). Default true. */
  readonly notifications?: boolean;
  readonly log?: (message: string) => void;
  /**
   * Events of the streams read lately kept in memory, so that reading a stream again asks only for what
   * was appended since (ADR 0021). Default 10,000 (a few megabytes); 0 keeps none.
   */
  readonly streamCacheEvents?: number;
}

/** Events kept of the streams read lately (StreamTails), unless the options say otherwise. */
export const DEFAULT_STREAM_CACHE_EVENTS = 10_000;

/**
 * An append that failed its check but whose re-read says it may go ahead (the stream was deleted by
 * hand, or an id clash raced with its own removal) is tried again, a few times at most.
 */
const MAX_ATTEMPTS = 3;

const COLUMNS = `position, id, stream_name, revision, type, schema_version, data, metadata, hash, previous_hash, recorded_at`;

/**
 * The statements sent most (per dossier in bench:workflows: 18 stream reads, 16 appends, 5 notifications),
 * prepared once per connection (pg's named statements) instead of parsed and planned on every call: that
 * saves PostgreSQL about a third of a short statement's time (ADR 0020). Only statements whose plan does
 * not depend on their values: a stream's rows by its unique (stream_name, revision) index, the functions.
 * Subscription pages stay unnamed: a generic plan for `position > $1` with a category filter could pick
 * the wrong index for a catch-up.
 */
const PREPARED = {
  append: 'SELECT appended, actual_revision, last_position FROM event_store_append($1, $2, $3, $4, $5)',
  readStream: `SELECT ${COLUMNS} FROM events WHERE stream_name = $1 AND revision >= $2 ORDER BY revision LIMIT $3`,
  readStreamBackwards: `SELECT ${COLUMNS} FROM events WHERE stream_name = $1 AND ($2::bigint IS NULL OR revision <= $2)
         ORDER BY revision DESC LIMIT $3`,
  readStreams: `SELECT r.request::integer AS request, e.* FROM unnest($1::text[], $2::bigint[]) WITH ORDINALITY AS r(stream, from_revision, request)
         CROSS JOIN LATERAL (SELECT ${COLUMNS} FROM events WHERE stream_name = r.stream AND revision >= r.from_revision
                              ORDER BY revision) e
         ORDER BY r.request, e.revision`,
  streamRevision: 'SELECT revision FROM events WHERE stream_name = $1 ORDER BY revision DESC LIMIT 1',
  horizon: 'SELECT allocated, oldest_appender::text FROM event_store_horizon()',
  notify: 'SELECT pg_notify(event_store_channel(), $1)',
} as const;

interface PreparedStatement {
  readonly name: string;
  readonly text: string;
}

function prepared(statement: keyof typeof PREPARED): PreparedStatement {
  return { name: `lien_thong_event_store_${statement}`, text: PREPARED[statement] };
}

interface EventRow {
  position: string;
  id: string;
  stream_name: string;
  revision: string;
  type: string;
  schema_version: number;
  data: unknown;
  metadata: RecordedEvent['metadata'];
  hash: string;
  previous_hash: string | null;
  recorded_at: Date;
}

interface StateRow {
  kind: 'head' | 'id';
  id: string;
  stream_name: string;
  revision: string;
  position: string;
}

/**
 * The PostgreSQL adapter (the default store). An append is one statement (a PL/pgSQL function, see the
 * migrations); subscriptions deliver only events that no later commit can precede, and
 * wake on LISTEN/NOTIFY with polling as the fallback. Design: docs/adr/0002-event-store.md.
 *
 * The pool is the caller's: close() stops subscriptions and the LISTEN connection, not the pool.
 */
export class PostgresEventStore implements EventStore {
  private readonly notifier: ChangeNotifier | undefined;
  private readonly subscriptions = new Set<PostgresSubscription>();
  private readonly pollIntervalMs: number;
  private readonly batchSize: number;
  private readonly notifications: boolean;
  private announcing: Promise<void> | undefined;
  private announceAgain = false;
  private readonly pendingChanges = new PendingChanges();
  /** The subscribers' pages, read together (one statement for those a notification woke). */
  private readonly pages = new NextBatch<PageRequest, SafePage>((batch) => this.readPages(batch));
  /** Whole-stream reads, read together (one statement for those asked at once). */
  private readonly streamReads = new NextBatch<StreamReadRequest, EventRow[]>((batch) =>
    this.readStreams(batch),
  );
  private closed = false;
  private readonly tails: StreamTails;

  constructor(
    private readonly pool: Pool,
    options: PostgresEventStoreOptions = {},
  ) {
    this.pollIntervalMs = options.pollIntervalMs ?? 500;
    this.batchSize = options.batchSize ?? 1000;
    this.tails = new StreamTails(options.streamCacheEvents ?? DEFAULT_STREAM_CACHE_EVENTS);
    const log = options.log ?? (() => undefined);
    this.notifications = options.notifications !== false;
    this.notifier = this.notifications ? new ChangeNotifier(pool, options.connectionString, log) : undefined;
  }

  async appendToStream(
    stream: StreamName,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
  ): Promise<AppendResult> {
    this.assertOpen();
    assertValidExpectedRevision(expected);
    const valid = validateAppend(stream, events);
    const ids = valid.map((e) => e.id);
    // Content hashes do not depend on the stream's head: the database chains them under its lock.
    const payload = JSON.stringify(
      valid.map((event) => ({ ...event, contentHash: computeContentHash({ ...event, streamName: stream }) })),
    );
    const params = [
      stream,
      categoryOf(stream),
      typeof expected === 'number' ? 'exact' : expected,
      typeof expected === 'number' ? expected : null,
      payload,
    ];
    let actual: number | null = null;
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
      try {
        const result = await this.pool.query<{
          appended: boolean;
          actual_revision: string | null;
          last_position: string | null;
        }>({ ...prepared('append'), values: params });
        const row = result.rows[0]!;
        if (row.appended) {
          this.announce(valid.map((e) => ({ category: params[1] as string, type: e.type })));
          return { nextExpectedRevision: Number(row.actual_revision), position: BigInt(row.last_position!) };
        }
      } catch (error) {
        // An id of the batch is recorded already (a retry, or a misuse): decided below.
        if (!isDuplicateEventId(error)) throw toStoreError(error, `appending to ${stream}`);
      }
      // The rare path: the expectation failed or an id exists. Tell a retry of an earlier append (same
      // result, nothing written) from a conflict or a misuse; whatever is left is tried again.
      const state = await this.readAppendState(stream, ids);
      actual = state.head;
      const retry = resolveRetry(stream, ids, state.recorded, expected, actual);
      if (retry) return retry;
      checkExpectedRevision(stream, expected, actual);
    }
    throw new WrongExpectedRevisionError(stream, expected, actual);
  }

  async readStream(stream: StreamName, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const backwards = options.direction === 'backwards';
    if (
      !backwards &&
      (options.fromRevision ?? 0) === 0 &&
      options.maxCount === undefined &&
      options.fromStorage !== true
    )
      return [...(await this.readWholeStream(stream))];
    const from = options.fromRevision ?? (backwards ? null : 0);
    const rows = await this.query<EventRow>(
      prepared(backwards ? 'readStreamBackwards' : 'readStream'),
      [stream, from, options.maxCount ?? null],
      `reading ${stream}`,
    );
    return rows.map(toRecordedEvent);
  }

  /**
   * A whole stream, asking PostgreSQL only for its events after those read last time (StreamTails): the
   * read starts at the last known event, which must come back unchanged (same id) for the known ones to
   * stand; otherwise (a stream deleted by hand, a restore) the stream is read again from its start.
   */
  private async readWholeStream(stream: StreamName): Promise<readonly RecordedEvent[]> {
    const known = this.tails.known(stream);
    if (known) {
      const last = known[known.length - 1]!;
      const rows = await this.streamReads.ask({ stream, fromRevision: last.revision });
      if (rows[0]?.id === last.id) {
        const events = rows.length === 1 ? known : known.concat(rows.slice(1).map(toRecordedEvent));
        this.tails.keep(stream, events);
        return events;
      }
      this.tails.forget(stream);
    }
    const events = (await this.streamReads.ask({ stream, fromRevision: 0 })).map(toRecordedEvent);
    this.tails.keep(stream, events);
    return events;
  }

  /**
   * The streams asked for at once, each from its revision on, in one statement (a lateral read of each by
   * its (stream_name, revision) index); one alone as a plain stream read. Each read starts after its
   * caller asked, so it sees every commit made before that, as a read of its own would.
   */
  private async readStreams(batch: readonly StreamReadRequest[]): Promise<EventRow[][]> {
    this.assertOpen();
    if (batch.length === 1) {
      const { stream, fromRevision } = batch[0]!;
      return [
        await this.query<EventRow>(prepared('readStream'), [stream, fromRevision, null], `reading ${stream}`),
      ];
    }
    const rows = await this.query<EventRow & { request: number }>(
      prepared('readStreams'),
      [batch.map((r) => r.stream), batch.map((r) => r.fromRevision)],
      `reading ${batch.length} streams`,
    );
    const answers = batch.map((): EventRow[] => []);
    for (const row of rows) answers[row.request - 1]!.push(row);
    return answers;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    if (options.final) {
      const page = await this.readSafePage(
        options.after ?? 0n,
        options.filter ? { filter: options.filter } : {},
        options.maxCount ?? this.batchSize,
      );
      return page.events;
    }
    const { where, params } = filterClause(options.filter, [options.after ?? 0n]);
    const sql = `SELECT ${COLUMNS} FROM events WHERE position > $1${where} ORDER BY position LIMIT $${params.length + 1}`;
    const rows = await this.query<EventRow>(
      sql,
      [...params, options.maxCount ?? null],
      'reading all streams',
    );
    return rows.map(toRecordedEvent);
  }

  subscribeToAll(options: SubscribeOptions = {}): Subscription {
    this.assertOpen();
    const subscription = new PostgresSubscription(
      { readSafePage: (after, opts, limit) => this.readSafePage(after, opts, limit) },
      options,
      { pollIntervalMs: this.pollIntervalMs, batchSize: this.batchSize },
      this.notifier ? (onChange) => this.notifier!.add(onChange) : undefined,
      (ended) => this.subscriptions.delete(ended),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  async streamRevision(stream: StreamName): Promise<number | null> {
    this.assertOpen();
    const rows = await this.query<{ revision: string }>(
      prepared('streamRevision'),
      [stream],
      `reading the revision of ${stream}`,
    );
    return rows[0] ? Number(rows[0].revision) : null;
  }

  async ping(): Promise<void> {
    this.assertOpen();
    await this.query('SELECT 1', [], 'pinging');
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((s) => s.close()));
    this.notifier?.close();
    await this.announcing;
  }

  /**
   * Bulk import of whole new streams, already chained (the history generator: dossiers decided against
   * an in-memory store, then written here at bulk speed). One transaction and one statement for the
   * batch; positions are taken in the order given, under the same sequencer and appender mark as
   * `event_store_append`, so subscriptions running meanwhile skip nothing. The chain must start at
   * revision 0 and link each event to its predecessor (checked here; content hashes are the caller's,
   * computed by the same rules: tamper-evidence/event-hash.ts). A stream that exists already fails the
   * whole batch (unique violation) and nothing is written. Not part of the port: trusted callers only.
   */
  async importStreams(events: readonly RecordedEvent[]): Promise<void> {
    this.assertOpen();
    if (events.length === 0) return;
    const heads = new Map<StreamName, RecordedEvent>();
    for (const event of events) {
      const head = heads.get(event.streamName);
      const linked = head
        ? event.revision === head.revision + 1 && event.previousHash === head.hash
        : event.revision === 0 && event.previousHash === null;
      if (!linked)
        throw new Error(
          `importStreams: ${event.streamName} revision ${event.revision} does not follow its chain`,
        );
      heads.set(event.streamName, event);
    }
    try {
      await inTransaction(this.pool, async (client) => {
        await client.query('SELECT pg_advisory_xact_lock_shared(746553, hashtext(current_schema()))');
        await client.query('SAVEPOINT sequencer');
        await client.query('SELECT pg_advisory_xact_lock(746552, hashtext(current_schema()))');
        const { rows } = await client.query<{ tx: string; first: string }>(
          `SELECT pg_current_xact_id()::text AS tx,
                (SELECT min(p) FROM (SELECT nextval('event_store_position_seq') AS p
                                       FROM generate_series(1, $1::int)) s)::text AS first`,
          [events.length],
        );
        // Releases the sequencer at once and keeps the transaction id and the positions (as in the function).
        await client.query('ROLLBACK TO SAVEPOINT sequencer');
        const { tx, first } = rows[0]!;
        await client.query(
          `INSERT INTO events (position, tx_id, id, stream_name, category, revision, type, schema_version,
                             data, metadata, hash, previous_hash, recorded_at)
         SELECT $1::bigint + x.ord - 1, $2::xid8, x.id, x.stream, x.category, x.revision, x.type, x.version,
                x.data, x.metadata, x.hash, x.previous, x.recorded
           FROM unnest($3::uuid[], $4::text[], $5::text[], $6::bigint[], $7::text[], $8::int[], $9::jsonb[],
                       $10::jsonb[], $11::text[], $12::text[], $13::timestamptz[])
                WITH ORDINALITY AS x(id, stream, category, revision, type, version, data, metadata, hash,
                                     previous, recorded, ord)`,
          [
            first,
            tx,
            events.map((e) => e.id),
            events.map((e) => e.streamName),
            events.map((e) => categoryOf(e.streamName)),
            events.map((e) => e.revision),
            events.map((e) => e.type),
            events.map((e) => e.schemaVersion),
            events.map((e) => JSON.stringify(e.data)),
            events.map((e) => JSON.stringify(e.metadata)),
            events.map((e) => e.hash),
            events.map((e) => e.previousHash),
            events.map((e) => e.recordedAt),
          ],
        );
      });
    } catch (error) {
      throw toStoreError(error, `importing ${heads.size} streams`);
    }
    this.announce(ANYTHING);
  }

  /** Resolves once live notifications are set up (for tests and benchmarks that measure latency). */
  async notificationsReady(): Promise<void> {
    await this.notifier?.ready();
  }

  /**
   * The events strictly after `after` that every reader may see for good: no appender still running can
   * commit an event below them. First the horizon (event_store_horizon: the positions taken so far and
   * the oldest appender still running), then the page in a later snapshot: an event is final when its
   * position was taken before the horizon was read and its transaction is older than every appender
   * still running then. Positions are taken in transaction-id order (see event_store_append), so a
   * running appender with a lower position has a lower id. Transactions that append nothing (a read
   * model's, another database's) hold nothing back. ADR 0002. The subscribers that ask at once (a
   * notification wakes them all) are read together, in one statement (readPages).
   */
  private async readSafePage(
    after: GlobalPosition,
    options: SubscribeOptions,
    limit: number,
  ): Promise<SafePage> {
    if (this.closed) throw new EventStoreUnavailableError('The event store was closed');
    return this.pages.ask({ after, filter: options.filter, limit });
  }

  /**
   * The pages of every subscriber in the batch: the horizon, read after each of them asked, then each page
   * in a later snapshot, as ADR 0002 requires; in one statement for several (event_store_safe_pages), in
   * two for one (ADR 0019).
   */
  private async readPages(batch: readonly PageRequest[]): Promise<SafePage[]> {
    if (this.closed) throw new EventStoreUnavailableError('The event store was closed');
    const rows = batch.length === 1 ? await this.readOnePage(batch[0]!) : await this.readManyPages(batch);
    const pages = batch.map(() => ({ events: [] as RecordedEvent[], rows: 0, blocked: false }));
    for (const row of rows) {
      const page = pages[row.request - 1]!;
      page.rows += 1;
      if (page.blocked) continue;
      if (!row.final) page.blocked = true;
      else page.events.push(toRecordedEvent(row));
    }
    return batch.map((request, i) => {
      const page = pages[i]!;
      return page.blocked
        ? { events: page.events, blocked: true, full: false }
        : { events: page.events, blocked: false, full: page.rows === request.limit };
    });
  }

  /**
   * Several subscribers' pages in one statement (event_store_safe_pages). Its rows pass through a
   * PL/pgSQL result set, which costs a full page about a third of the catch-up rate: one subscriber alone
   * (a catch-up, a rebuild) reads as below instead.
   */
  private readManyPages(batch: readonly PageRequest[]) {
    const requests = batch.map((r) => ({
      after: r.after.toString(),
      categories: r.filter?.categories ?? null,
      types: r.filter?.eventTypes ?? null,
      limit: r.limit,
    }));
    return this.query<EventRow & { request: number; final: boolean }>(
      `SELECT request, final, ${COLUMNS} FROM event_store_safe_pages($1::jsonb)`,
      [JSON.stringify(requests)],
      'reading for a subscription',
    );
  }

  /** One subscriber's page: the horizon, then the page in a later snapshot (two statements). */
  private async readOnePage(request: PageRequest) {
    const [horizon] = await this.query<{ allocated: string; oldest_appender: string | null }>(
      prepared('horizon'),
      [],
      'reading for a subscription',
    );
    const { where, params } = filterClause(request.filter, [request.after]);
    const n = params.length;
    return this.query<EventRow & { request: number; final: boolean }>(
      `SELECT 1 AS request, position <= $${n + 1}::bigint AND ($${n + 2}::text IS NULL OR tx_id < $${n + 2}::text::xid8) AS final, ` +
        `${COLUMNS} FROM events WHERE position > $1${where} ORDER BY position LIMIT $${n + 3}`,
      [...params, horizon!.allocated, horizon!.oldest_appender, request.limit],
      'reading for a subscription',
    );
  }

  private async readAppendState(
    stream: StreamName,
    ids: readonly string[],
  ): Promise<{ head: number | null; recorded: RecordedId[] }> {
    const rows = await this.query<StateRow>(
      `SELECT 'head' AS kind, h.id, h.stream_name, h.revision, h.position
         FROM (SELECT id, stream_name, revision, position FROM events
                WHERE stream_name = $1 ORDER BY revision DESC LIMIT 1) h
       UNION ALL
       SELECT 'id', e.id, e.stream_name, e.revision, e.position FROM events e WHERE e.id = ANY($2::uuid[])`,
      [stream, ids],
      `appending to ${stream}`,
    );
    let head: number | null = null;
    const recorded: RecordedId[] = [];
    for (const row of rows) {
      if (row.kind === 'head') {
        head = Number(row.revision);
      } else {
        recorded.push({
          id: row.id,
          streamName: row.stream_name,
          revision: Number(row.revision),
          position: BigInt(row.position),
        });
      }
    }
    return { head, recorded };
  }

  /**
   * Wakes subscribers (of every process) after a commit. Not inside the append transaction: PostgreSQL
   * serialises the commits of notifying transactions, which halved append throughput (ADR 0002).
   * Coalesced: at most one NOTIFY in flight, and one more after it when appends committed meanwhile, so
   * every commit is followed by a notification. A lost one only delays delivery until the next poll.
   * Each notification names what was appended since the last one (change-payload.ts), so that the
   * subscribers whose filters want none of it do not read.
   */
  private announce(changes: Parameters<PendingChanges['add']>[0]): void {
    if (!this.notifications) return;
    this.pendingChanges.add(changes);
    if (this.announcing) {
      this.announceAgain = true;
      return;
    }
    this.announcing = (async () => {
      do {
        this.announceAgain = false;
        await this.pool
          .query({ ...prepared('notify'), values: [this.pendingChanges.take()] })
          .catch(() => undefined);
      } while (this.announceAgain && !this.closed);
      this.announcing = undefined;
    })();
  }

  private async query<R extends object>(
    sql: string | PreparedStatement,
    params: unknown[],
    doing: string,
  ): Promise<R[]> {
    try {
      return (
        await (typeof sql === 'string'
          ? this.pool.query<R>(sql, params)
          : this.pool.query<R>({ ...sql, values: params }))
      ).rows;
    } catch (error) {
      throw toStoreError(error, doing);
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new EventStoreUnavailableError('The event store was closed');
  }
}

function isDuplicateEventId(error: unknown): boolean {
  return sqlState(error) === '23505' && (error as { constraint?: unknown }).constraint === 'events_id_unique';
}

function filterClause(
  filter: EventFilter | undefined,
  params: unknown[],
): { where: string; params: unknown[] } {
  let where = '';
  const all = [...params];
  if (filter?.categories) {
    all.push(filter.categories);
    where += ` AND category = ANY($${all.length}::text[])`;
  }
  if (filter?.eventTypes) {
    all.push(filter.eventTypes);
    where += ` AND type = ANY($${all.length}::text[])`;
  }
  return { where, params: all.map((p) => (typeof p === 'bigint' ? p.toString() : p)) };
}

function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    id: row.id,
    type: row.type,
    schemaVersion: row.schema_version,
    data: row.data,
    metadata: row.metadata,
    streamName: row.stream_name,
    revision: Number(row.revision),
    position: BigInt(row.position),
    recordedAt: row.recorded_at.toISOString(),
    hash: row.hash,
    previousHash: row.previous_hash,
  };
}

/** Positions taken so far, and the oldest appender still running (event_store_horizon). */
/** A subscriber's next page, waiting for the batch it is read in. */
interface PageRequest {
  readonly after: GlobalPosition;
  readonly filter: EventFilter | undefined;
  readonly limit: number;
}

/** A stream's events from a revision on, waiting for the batch it is read in. */
interface StreamReadRequest {
  readonly stream: StreamName;
  readonly fromRevision: number;
}
