/**
 * The event store port: the only way any part of Liên Thông records or reads events.
 * Adapters: PostgreSQL (default, embedded), EventStoreDB, in-memory (tests). All pass one contract
 * suite (`testing/event-store.contract.ts`).
 */

/** `<category>-<id>`, e.g. `dossier-000.00.05.H54-251122-0001`. The category is the text before the first '-'. */
export type StreamName = string;

/** Who caused an event: an agency and/or a person, or the system itself. */
export interface Actor {
  /** Agency code (QCVN 102:2016), when an agency acted. */
  readonly agencyCode?: string;
  /** Person (staff user or API client) id, when known. */
  readonly personId?: string;
  /** A system component, e.g. `workflow`, `calendar`, `seed`. */
  readonly system?: string;
}

export interface EventMetadata {
  /** When the fact happened in the domain (ISO 8601 with offset), from the injected clock. */
  readonly occurredAt: string;
  readonly actor: Actor;
  /** Ties together every event caused by one request or workflow run. */
  readonly correlationId: string;
  /** The id of the event or command that caused this one. */
  readonly causationId?: string;
  /**
   * The trace of the action that recorded it (W3C Trace Context), when tracing is on: the process
   * manager and the workflow's round that act on this event continue that trace (tracing/event-trace.ts).
   */
  readonly traceparent?: string;
}

/** An event to append. `id` is a UUID chosen by the caller: re-appending the same ids is a no-op. */
export interface NewEvent<TData = unknown> {
  readonly id: string;
  /** Stored type name: an explicit string literal from a registry, never derived from a class name. */
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: TData;
  readonly metadata: EventMetadata;
}

/** Global order over all streams. PostgreSQL: a sequence; EventStoreDB: the commit position. */
export type GlobalPosition = bigint;

export interface RecordedEvent<TData = unknown> extends NewEvent<TData> {
  readonly streamName: StreamName;
  /** 0-based position of the event within its stream. */
  readonly revision: number;
  readonly position: GlobalPosition;
  /** When the store committed the event (ISO 8601). */
  readonly recordedAt: string;
  /** Tamper evidence: sha256 over this event's content and `previousHash` (see tamper-evidence/). */
  readonly hash: string;
  /** The hash of the previous event of the same stream; null for revision 0. */
  readonly previousHash: string | null;
}

/**
 * - `'any'`: no check.
 * - `'no_stream'`: the stream must not exist yet.
 * - a number: the stream's current last revision must equal it (so its length is n + 1).
 */
export type ExpectedRevision = 'any' | 'no_stream' | number;

export interface AppendResult {
  /** The revision of the last event now in the stream: pass it as the next expected revision. */
  readonly nextExpectedRevision: number;
  /** The global position of the last appended event. */
  readonly position: GlobalPosition;
}

export interface ReadStreamOptions {
  readonly direction?: 'forwards' | 'backwards';
  /** Inclusive. Default: 0 forwards, the last event backwards. */
  readonly fromRevision?: number;
  readonly maxCount?: number;
  /**
   * Every event as stored now, none from a cache of the stream read before (the PostgreSQL store keeps
   * one, ADR 0021): for checking the record itself (the hash chain), where a row changed behind the
   * store's back must show.
   */
  readonly fromStorage?: boolean;
}

export interface EventFilter {
  /** Only streams of these categories (text before the first '-'). */
  readonly categories?: readonly string[];
  /** Only these event types. */
  readonly eventTypes?: readonly string[];
}

export interface ReadAllOptions {
  /** Exclusive: events strictly after this position. Omit to start from the beginning. */
  readonly after?: GlobalPosition;
  readonly maxCount?: number;
  readonly filter?: EventFilter;
  /**
   * Only events that are final: stop before the first position an appender still running may yet fill
   * below (PostgreSQL commits out of position order). A reader that keeps a cursor across calls (an
   * in-process directory catching up on demand) needs it, or it may step past an event for good; the
   * answer may then be shorter than `maxCount` although more events exist. Adapters whose global order
   * is the commit order (EventStoreDB, in memory) read as usual.
   */
  readonly final?: boolean;
}

export interface SubscribeOptions {
  /** Exclusive checkpoint: deliver events strictly after it. Omit to start from the beginning. */
  readonly after?: GlobalPosition;
  readonly filter?: EventFilter;
}

/**
 * Catch-up then live subscription. Events arrive exactly once, in global order, with no gaps
 * (also when concurrent writers commit out of order). Iterate with `for await`; `close()` ends the
 * iteration. An error in the store ends the iteration by throwing.
 */
export interface Subscription extends AsyncIterable<RecordedEvent> {
  close(): Promise<void>;
}

export interface EventStore {
  /** Appends atomically. Throws WrongExpectedRevisionError on a conflict; never overwrites. */
  appendToStream(
    stream: StreamName,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
  ): Promise<AppendResult>;
  /** Reads a stream. A stream that does not exist reads as empty. */
  readStream(stream: StreamName, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** Reads all streams in global order. */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  subscribeToAll(options?: SubscribeOptions): Subscription;
  /** The current last revision of a stream, or null when it does not exist. */
  streamRevision(stream: StreamName): Promise<number | null>;
  /** Cheap liveness check for the health endpoint. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** DI token for the configured adapter. */
export const EVENT_STORE = Symbol.for('lien-thong.EventStore');

export function categoryOf(stream: StreamName): string {
  const dash = stream.indexOf('-');
  return dash === -1 ? stream : stream.slice(0, dash);
}

/**
 * Whether an event passes a filter, as the PostgreSQL and in-memory stores filter: a list that is
 * given (even empty) must contain the event's category or type. For a reader that takes a wider
 * filter than each of its consumers (one subscription for several read models).
 */
export function matchesFilter(
  event: Pick<RecordedEvent, 'streamName' | 'type'>,
  filter: EventFilter | undefined,
): boolean {
  if (filter?.categories && !filter.categories.includes(categoryOf(event.streamName))) return false;
  if (filter?.eventTypes && !filter.eventTypes.includes(event.type)) return false;
  return true;
}

/**
 * The narrowest single filter that lets through every event any of `filters` lets through (each
 * consumer then applies its own with `matchesFilter`): a list is kept only when every filter has one.
 */
export function unionOfFilters(filters: readonly (EventFilter | undefined)[]): EventFilter | undefined {
  const union = (lists: readonly (readonly string[] | undefined)[]): string[] | undefined =>
    lists.some((list) => list === undefined)
      ? undefined
      : [...new Set(lists.flatMap((list) => list!))].sort();
  if (filters.length === 0 || filters.some((f) => f === undefined)) return undefined;
  const categories = union(filters.map((f) => f!.categories));
  const eventTypes = union(filters.map((f) => f!.eventTypes));
  if (!categories && !eventTypes) return undefined;
  return { ...(categories ? { categories } : {}), ...(eventTypes ? { eventTypes } : {}) };
}

/**
 * The store, its `appendToStream` passed through `around` (which calls `append` with the arguments it
 * chooses); every other member is the store's own. For decorators of appends: metrics, traces.
 */
export function aroundAppends(
  store: EventStore,
  around: (
    append: EventStore['appendToStream'],
    ...args: Parameters<EventStore['appendToStream']>
  ) => Promise<AppendResult>,
): EventStore {
  const append: EventStore['appendToStream'] = (...args) => store.appendToStream(...args);
  return new Proxy(store, {
    get(target, property, receiver) {
      if (property === 'appendToStream')
        return (...args: Parameters<EventStore['appendToStream']>) => around(append, ...args);
      const value = Reflect.get(target, property, receiver) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
