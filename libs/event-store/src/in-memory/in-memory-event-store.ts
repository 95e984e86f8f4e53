import {
  matchesFilter,
  type AppendResult,
  type EventFilter,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type StreamName,
  type SubscribeOptions,
  type Subscription,
} from '../event-store.port';
import { EventStoreUnavailableError } from '../errors';
import {
  assertValidExpectedRevision,
  checkExpectedRevision,
  resolveRetry,
  type RecordedId,
} from '../append-rules';
import { validateAppend } from '../new-event.validation';
import { computeEventHash } from '../tamper-evidence/event-hash';

export interface InMemoryEventStoreOptions {
  /** Supplies `recordedAt`. Default: the system clock. */
  readonly now?: () => Date;
}

/**
 * The event store in process memory, for unit tests of deciders and handlers. It behaves like the
 * PostgreSQL adapter (same contract suite, same hashes, same validation) and hands out deeply frozen
 * events, so code that mutates a recorded event fails in unit tests rather than in production.
 */
export class InMemoryEventStore implements EventStore {
  private readonly log: RecordedEvent[] = [];
  private readonly streams = new Map<StreamName, RecordedEvent[]>();
  private readonly byId = new Map<string, RecordedEvent>();
  private readonly listeners = new Set<() => void>();
  private readonly now: () => Date;
  private nextPosition = 1n;
  private closed = false;

  constructor(options: InMemoryEventStoreOptions = {}) {
    this.now = options.now ?? (() => new Date());
  }

  appendToStream(
    stream: StreamName,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
  ): Promise<AppendResult> {
    return this.run(() => {
      assertValidExpectedRevision(expected);
      const valid = validateAppend(stream, events);
      const existing = this.streams.get(stream) ?? [];
      const actual = existing.length === 0 ? null : existing.length - 1;
      const recorded = valid
        .map((e) => this.byId.get(e.id))
        .filter((e): e is RecordedEvent => e !== undefined);
      const retry = resolveRetry(
        stream,
        valid.map((e) => e.id),
        recorded.map(toRecordedId),
        expected,
        actual,
      );
      if (retry) return retry;
      checkExpectedRevision(stream, expected, actual);

      const recordedAt = this.now().toISOString();
      let previousHash = existing[existing.length - 1]?.hash ?? null;
      const appended = valid.map((event, index) => {
        const content = { ...event, streamName: stream, revision: existing.length + index };
        const hash = computeEventHash(content, previousHash);
        const record: RecordedEvent = deepFreeze({
          ...content,
          position: this.nextPosition,
          recordedAt,
          hash,
          previousHash,
        });
        previousHash = hash;
        this.nextPosition += 1n;
        return record;
      });
      this.streams.set(stream, [...existing, ...appended]);
      for (const record of appended) {
        this.log.push(record);
        this.byId.set(record.id, record);
      }
      for (const listener of this.listeners) listener();
      const last = appended[appended.length - 1]!;
      return { nextExpectedRevision: last.revision, position: last.position };
    });
  }

  readStream(stream: StreamName, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    return this.run(() => {
      const events = this.streams.get(stream) ?? [];
      const maxCount = options.maxCount ?? Number.POSITIVE_INFINITY;
      if (options.direction === 'backwards') {
        const from = Math.min(options.fromRevision ?? events.length - 1, events.length - 1);
        const start = Math.max(0, from - maxCount + 1);
        return events.slice(start, from + 1).reverse();
      }
      const from = options.fromRevision ?? 0;
      return events.slice(from, from + maxCount);
    });
  }

  readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    return this.run(() => {
      const maxCount = options.maxCount ?? Number.POSITIVE_INFINITY;
      const matches = matcher(options.filter);
      const result: RecordedEvent[] = [];
      for (let i = this.indexAfter(options.after); i < this.log.length && result.length < maxCount; i += 1) {
        const event = this.log[i]!;
        if (matches(event)) result.push(event);
      }
      return result;
    });
  }

  subscribeToAll(options: SubscribeOptions = {}): Subscription {
    const matches = matcher(options.filter);
    let closed = false;
    let wake: (() => void) | undefined;
    const listener = (): void => wake?.();
    this.listeners.add(listener);
    const stop = (): void => {
      closed = true;
      this.listeners.delete(listener);
      wake?.();
    };
    const generator = async function* (this: InMemoryEventStore): AsyncGenerator<RecordedEvent> {
      let index = this.indexAfter(options.after);
      try {
        while (!closed) {
          if (this.closed) throw new EventStoreUnavailableError('The in-memory event store was closed');
          const event = this.log[index];
          if (event !== undefined) {
            index += 1;
            if (matches(event)) yield event;
            continue;
          }
          // No await between the emptiness check and installing the waker: an append cannot slip between.
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
          wake = undefined;
        }
      } finally {
        stop();
      }
    }.call(this);
    return {
      [Symbol.asyncIterator]: () => generator,
      close: () => {
        stop();
        return Promise.resolve();
      },
    };
  }

  streamRevision(stream: StreamName): Promise<number | null> {
    return this.run(() => {
      const length = this.streams.get(stream)?.length ?? 0;
      return length === 0 ? null : length - 1;
    });
  }

  ping(): Promise<void> {
    return this.run(() => undefined);
  }

  close(): Promise<void> {
    this.closed = true;
    for (const listener of this.listeners) listener();
    return Promise.resolve();
  }

  /** Index in the log of the first event strictly after `after` (positions are dense from 1). */
  private indexAfter(after: bigint | undefined): number {
    if (after === undefined || after < 1n) return 0;
    return Number(after > BigInt(this.log.length) ? BigInt(this.log.length) : after);
  }

  /** Runs synchronously but answers asynchronously, like a real store (callers must await). */
  private run<T>(work: () => T): Promise<T> {
    if (this.closed)
      return Promise.reject(new EventStoreUnavailableError('The in-memory event store was closed'));
    try {
      return Promise.resolve(work());
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }
}

function toRecordedId(event: RecordedEvent): RecordedId {
  return { id: event.id, streamName: event.streamName, revision: event.revision, position: event.position };
}

function matcher(filter: EventFilter | undefined): (event: RecordedEvent) => boolean {
  return (event) => matchesFilter(event, filter);
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const item of Object.values(value as object)) deepFreeze(item);
  }
  return value;
}
