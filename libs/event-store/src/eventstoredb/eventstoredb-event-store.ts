import {
  BACKWARDS,
  END,
  ErrorType,
  KurrentDBClient,
  excludeSystemEvents,
  FORWARDS,
  isCommandError,
  jsonEvent,
  START,
  streamNameFilter,
  WrongExpectedVersionError,
} from '@kurrent/kurrentdb-client';
import type {
  AppendResult,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StreamName,
  SubscribeOptions,
  Subscription,
} from '../event-store.port';
import { EventStoreUnavailableError, WrongExpectedRevisionError } from '../errors';
import {
  assertValidExpectedRevision,
  checkExpectedRevision,
  resolveRetry,
  type RecordedId,
} from '../append-rules';
import { validateAppend } from '../new-event.validation';
import { computeEventHash } from '../tamper-evidence/event-hash';
import {
  asJson,
  categoryPrefixes,
  fromEsdbEvent,
  isSystemEvent,
  matchesFilter,
  positionOf,
  toEsdbExpectedRevision,
  toEsdbMetadata,
  toEsdbPosition,
  type EsdbRecorded,
} from './eventstoredb-mapping';

/** How often an 'any' append re-reads the head after losing a race (the hash chain needs the head). */
const MAX_ANY_RETRIES = 10;
const READ_ALL_PAGE = 1_000;

/**
 * The event store over EventStoreDB (ADR 0005). Same contract as the PostgreSQL adapter: each event
 * carries the same hash chain, kept in the event's metadata; appends always name the exact expected
 * revision to ESDB, so nobody can slip an event between the head we hashed against and ours.
 */
export class EventStoreDbEventStore implements EventStore {
  private readonly client: KurrentDBClient;

  constructor(connection: string | KurrentDBClient) {
    this.client = typeof connection === 'string' ? KurrentDBClient.connectionString(connection) : connection;
  }

  async appendToStream(
    stream: StreamName,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
  ): Promise<AppendResult> {
    assertValidExpectedRevision(expected);
    const valid = validateAppend(stream, events);
    for (let attempt = 0; ; attempt += 1) {
      const head = (await this.readStream(stream, { direction: 'backwards', maxCount: 1 }))[0];
      const actual = head ? head.revision : null;
      const retry = await this.detectRetry(stream, valid, expected, actual);
      if (retry) return retry;
      checkExpectedRevision(stream, expected, actual);

      let previousHash = head?.hash ?? null;
      const base = actual === null ? 0 : actual + 1;
      const data = valid.map((event, index) => {
        const hash = computeEventHash({ ...event, streamName: stream, revision: base + index }, previousHash);
        const esdbEvent = jsonEvent({
          id: event.id,
          type: event.type,
          data: asJson(event.data),
          metadata: asJson(toEsdbMetadata(event, hash, previousHash)),
        });
        previousHash = hash;
        return esdbEvent;
      });
      try {
        const result = await this.client.appendToStream(stream, data, {
          streamState: toEsdbExpectedRevision(actual),
        });
        return {
          nextExpectedRevision: Number(result.nextExpectedRevision),
          position: result.position ? positionOf(result.position) : -1n,
        };
      } catch (error) {
        if (error instanceof WrongExpectedVersionError) {
          // Someone appended between our read of the head and our append. With 'any' we re-hash against
          // the new head; with an explicit expectation the caller must decide.
          if (expected === 'any' && attempt < MAX_ANY_RETRIES) continue;
          const current = typeof error.actualState === 'bigint' ? Number(error.actualState) : null;
          throw new WrongExpectedRevisionError(stream, expected, current);
        }
        throw mapError(error);
      }
    }
  }

  async readStream(stream: StreamName, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    if (options.maxCount === 0) return [];
    const backwards = options.direction === 'backwards';
    const result: RecordedEvent[] = [];
    try {
      const read = this.client.readStream(stream, {
        direction: backwards ? BACKWARDS : FORWARDS,
        fromRevision:
          options.fromRevision !== undefined ? BigInt(options.fromRevision) : backwards ? END : START,
        ...(options.maxCount !== undefined ? { maxCount: BigInt(options.maxCount) } : {}),
      });
      for await (const resolved of read) {
        const event = resolved.event as EsdbRecorded | undefined;
        if (event) result.push(fromEsdbEvent(event));
      }
      return result;
    } catch (error) {
      if (isCommandError(error as Error) && (error as { type?: string }).type === ErrorType.STREAM_NOT_FOUND)
        return [];
      throw mapError(error);
    }
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const maxCount = options.maxCount ?? Number.POSITIVE_INFINITY;
    const result: RecordedEvent[] = [];
    let after = options.after;
    try {
      for (;;) {
        let seen = 0;
        // ESDB's readAll starts AT the given position (inclusive): skip that event ourselves. It has no
        // server-side filter, so we filter here.
        const read = this.client.readAll({
          direction: FORWARDS,
          fromPosition: after !== undefined ? toEsdbPosition(after) : START,
          maxCount: READ_ALL_PAGE,
        });
        for await (const resolved of read) {
          seen += 1;
          const raw = resolved.event as EsdbRecorded | undefined;
          if (!raw?.position) continue;
          const position = positionOf(raw.position);
          if (after !== undefined && position <= after) continue;
          after = position;
          if (isSystemEvent(raw)) continue;
          const event = fromEsdbEvent(raw);
          if (!matchesFilter(event, options.filter)) continue;
          result.push(event);
          if (result.length >= maxCount) return result;
        }
        if (seen < READ_ALL_PAGE) return result;
      }
    } catch (error) {
      throw mapError(error);
    }
  }

  subscribeToAll(options: SubscribeOptions = {}): Subscription {
    const prefixes = categoryPrefixes(options.filter);
    const subscription = this.client.subscribeToAll({
      fromPosition: options.after !== undefined ? toEsdbPosition(options.after) : START,
      filter: prefixes ? streamNameFilter({ prefixes }) : excludeSystemEvents(),
    });
    const after = options.after;
    const filter = options.filter;
    async function* iterate(): AsyncGenerator<RecordedEvent> {
      try {
        for await (const resolved of subscription) {
          const raw = resolved.event as EsdbRecorded | undefined;
          if (!raw?.position || isSystemEvent(raw)) continue;
          // Catch-up from a position is inclusive in ESDB; ours is exclusive.
          if (after !== undefined && positionOf(raw.position) <= after) continue;
          const event = fromEsdbEvent(raw);
          if (matchesFilter(event, filter)) yield event;
        }
      } catch (error) {
        throw mapError(error);
      }
    }
    const iterator = iterate();
    return {
      [Symbol.asyncIterator]: () => iterator,
      close: async () => {
        await subscription.unsubscribe();
        await iterator.return(undefined);
      },
    };
  }

  async streamRevision(stream: StreamName): Promise<number | null> {
    const head = await this.readStream(stream, { direction: 'backwards', maxCount: 1 });
    return head[0]?.revision ?? null;
  }

  async ping(): Promise<void> {
    try {
      for await (const _ of this.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 }))
        break;
    } catch (error) {
      throw mapError(error);
    }
  }

  async close(): Promise<void> {
    await this.client.dispose();
  }

  /**
   * A retried append: the batch's ids already stand in the stream where it would have gone. ESDB keeps
   * no index by event id that we could ask, so we compare the events where the original append landed.
   */
  private async detectRetry(
    stream: StreamName,
    batch: readonly NewEvent[],
    expected: ExpectedRevision,
    actual: number | null,
  ): Promise<AppendResult | undefined> {
    if (actual === null) return undefined;
    const from = expected === 'any' ? actual - batch.length + 1 : expected === 'no_stream' ? 0 : expected + 1;
    if (from < 0 || from > actual) return undefined;
    const candidates = await this.readStream(stream, { fromRevision: from, maxCount: batch.length });
    const ids = new Set(batch.map((e) => e.id));
    const recorded: RecordedId[] = candidates
      .filter((e) => ids.has(e.id))
      .map((e) => ({ id: e.id, streamName: e.streamName, revision: e.revision, position: e.position }));
    return resolveRetry(
      stream,
      batch.map((e) => e.id),
      recorded,
      expected,
      actual,
    );
  }
}

function mapError(error: unknown): Error {
  if (error instanceof WrongExpectedRevisionError || error instanceof EventStoreUnavailableError)
    return error;
  const type = (error as { type?: string }).type;
  if (
    type === ErrorType.UNAVAILABLE ||
    type === ErrorType.DEADLINE_EXCEEDED ||
    type === ErrorType.TIMEOUT ||
    type === ErrorType.NOT_LEADER ||
    type === ErrorType.CANCELLED
  ) {
    return new EventStoreUnavailableError(`EventStoreDB is unavailable: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return error instanceof Error ? error : new Error(String(error));
}
