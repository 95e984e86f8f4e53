import { randomUUID } from 'node:crypto';
import {
  categoryOf,
  type EventStore,
  type NewEvent,
  type RecordedEvent,
  type StreamName,
  type Subscription,
} from '../event-store.port';
import { InvalidEventError, WrongExpectedRevisionError } from '../errors';
import { computeEventHash } from '../tamper-evidence/event-hash';
import { verifyStreamChain } from '../tamper-evidence/verify-stream-chain';

export interface EventStoreUnderTest {
  readonly store: EventStore;
  dispose(): Promise<void>;
}

/** A category nobody else uses, so that suites (and adapters) can share one store. */
export function uniqueCategory(prefix = 'contract'): string {
  return `${prefix}${randomUUID().replace(/-/g, '').slice(0, 12)}`;
}

export function uniqueStream(category = uniqueCategory()): StreamName {
  return `${category}-${randomUUID()}`;
}

export function sampleEvent(
  type = 'ThingHappened',
  data: unknown = { n: 1 },
  overrides: Partial<NewEvent> = {},
): NewEvent {
  return {
    id: randomUUID(),
    type,
    schemaVersion: 1,
    data,
    metadata: {
      occurredAt: '2025-11-22T08:15:30.123+07:00',
      actor: { agencyCode: '000.00.05.H54', personId: 'can-bo-42', system: 'contract-test' },
      correlationId: randomUUID(),
      causationId: randomUUID(),
    },
    ...overrides,
  };
}

function events(count: number, type = 'ThingHappened'): NewEvent[] {
  return Array.from({ length: count }, (_, n) => sampleEvent(type, { n }));
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject, but it resolved');
}

/** Reads a subscription in the background, so a test can wait for a number of events. */
class Collector {
  readonly received: RecordedEvent[] = [];
  readonly done: Promise<void>;
  error: unknown;
  private waiters: Array<() => void> = [];

  constructor(readonly subscription: Subscription) {
    this.done = (async () => {
      try {
        for await (const event of subscription) {
          this.received.push(event);
          this.wake();
        }
      } catch (error) {
        this.error = error;
      } finally {
        this.wake();
      }
    })();
  }

  async waitForCount(count: number, timeoutMs = 10_000): Promise<RecordedEvent[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.received.length < count) {
      if (this.error !== undefined)
        throw this.error instanceof Error
          ? this.error
          : new Error('subscription failed', { cause: this.error });
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(
          `subscription delivered ${this.received.length} events within ${timeoutMs} ms, expected ${count}`,
        );
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 100));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.received.slice(0, count);
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}

function expectStrictlyIncreasing(positions: readonly bigint[]): void {
  for (let i = 1; i < positions.length; i += 1) {
    expect(positions[i]! > positions[i - 1]!).toBe(true);
  }
}

async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The behaviour every EventStore adapter must have. Run it from each adapter's spec:
 *
 *   describeEventStoreContract('PostgreSQL', async () => ({ store, dispose: async () => {...} }));
 *
 * The factory is called once per suite; tests use streams and categories of their own, so the store
 * may already hold other events (a shared EventStoreDB, other suites' streams).
 */
export function describeEventStoreContract(
  adapterName: string,
  factory: () => Promise<EventStoreUnderTest>,
): void {
  describe(`EventStore contract: ${adapterName}`, () => {
    let underTest: EventStoreUnderTest | undefined;
    const store = (): EventStore => {
      if (!underTest) throw new Error('the store factory did not run');
      return underTest.store;
    };

    beforeAll(async () => {
      underTest = await factory();
    });
    afterAll(async () => {
      await underTest?.dispose();
    });

    describe('appending with an expected revision', () => {
      it("creates a stream with 'no_stream' and returns the last revision and its global position", async () => {
        const stream = uniqueStream();
        const result = await store().appendToStream(stream, events(3), 'no_stream');
        const read = await store().readStream(stream);
        expect(result.nextExpectedRevision).toBe(2);
        expect(read.map((e) => e.revision)).toEqual([0, 1, 2]);
        expect(result.position).toBe(read[2]!.position);
        expect(typeof result.position).toBe('bigint');
      });

      it("refuses 'no_stream' when the stream exists, reporting its actual revision", async () => {
        const stream = uniqueStream();
        await store().appendToStream(stream, events(2), 'no_stream');
        const error = await rejection(store().appendToStream(stream, events(1), 'no_stream'));
        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect(error).toMatchObject({ streamName: stream, expected: 'no_stream', actual: 1 });
      });

      it('appends when the exact expected revision matches the last revision', async () => {
        const stream = uniqueStream();
        const first = await store().appendToStream(stream, events(2), 'no_stream');
        const second = await store().appendToStream(stream, events(2), first.nextExpectedRevision);
        expect(second.nextExpectedRevision).toBe(3);
        expect(second.position > first.position).toBe(true);
        expect(await store().streamRevision(stream)).toBe(3);
      });

      it('refuses a stale exact revision, reporting the actual revision', async () => {
        const stream = uniqueStream();
        await store().appendToStream(stream, events(3), 'no_stream');
        const error = await rejection(store().appendToStream(stream, events(1), 0));
        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect(error).toMatchObject({ streamName: stream, expected: 0, actual: 2 });
      });

      it('refuses an exact revision ahead of the stream', async () => {
        const stream = uniqueStream();
        await store().appendToStream(stream, events(1), 'no_stream');
        const error = await rejection(store().appendToStream(stream, events(1), 5));
        expect(error).toMatchObject({ expected: 5, actual: 0 });
        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
      });

      it('refuses an exact revision on a stream that does not exist, reporting actual null', async () => {
        const stream = uniqueStream();
        const error = await rejection(store().appendToStream(stream, events(1), 0));
        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect(error).toMatchObject({ streamName: stream, expected: 0, actual: null });
        expect(await store().readStream(stream)).toEqual([]);
      });

      it("appends with 'any' to a new and to an existing stream", async () => {
        const stream = uniqueStream();
        const first = await store().appendToStream(stream, events(1), 'any');
        const second = await store().appendToStream(stream, events(2), 'any');
        expect(first.nextExpectedRevision).toBe(0);
        expect(second.nextExpectedRevision).toBe(2);
      });

      it('never overwrites: a refused append leaves the stream exactly as it was', async () => {
        const stream = uniqueStream();
        const original = events(2);
        await store().appendToStream(stream, original, 'no_stream');
        await rejection(store().appendToStream(stream, events(3), 0));
        await rejection(store().appendToStream(stream, events(1), 'no_stream'));
        const read = await store().readStream(stream);
        expect(read.map((e) => e.id)).toEqual(original.map((e) => e.id));
      });

      it('lets exactly one of several concurrent appends with the same expected revision win', async () => {
        const stream = uniqueStream();
        await store().appendToStream(stream, events(1), 'no_stream');
        const attempts = await Promise.allSettled(
          Array.from({ length: 8 }, (_, n) =>
            store().appendToStream(stream, [sampleEvent('Raced', { n })], 0),
          ),
        );
        const won = attempts.filter((a) => a.status === 'fulfilled');
        const lost = attempts.filter((a): a is PromiseRejectedResult => a.status === 'rejected');
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(7);
        for (const l of lost) {
          expect(l.reason).toBeInstanceOf(WrongExpectedRevisionError);
          expect(l.reason).toMatchObject({ expected: 0, actual: 1 });
        }
        expect(await store().readStream(stream)).toHaveLength(2);
      });
    });

    describe('idempotent appends', () => {
      it('treats re-appending the same event ids with the same expected revision as a no-op with the same result', async () => {
        const stream = uniqueStream();
        const batch = events(3);
        const first = await store().appendToStream(stream, batch, 'no_stream');
        const again = await store().appendToStream(stream, batch, 'no_stream');
        expect(again).toEqual(first);
        expect(await store().readStream(stream)).toHaveLength(3);
      });

      it('treats a retry of a later batch with its original expected revision as a no-op', async () => {
        const stream = uniqueStream();
        await store().appendToStream(stream, events(2), 'no_stream');
        const batch = events(2);
        const first = await store().appendToStream(stream, batch, 1);
        await store().appendToStream(stream, events(1), first.nextExpectedRevision);
        const again = await store().appendToStream(stream, batch, 1);
        expect(again).toEqual(first);
        expect(await store().streamRevision(stream)).toBe(4);
      });

      it("treats re-appending the same event ids with 'any' as a no-op with the same result", async () => {
        const stream = uniqueStream();
        const batch = events(2);
        const first = await store().appendToStream(stream, batch, 'any');
        await store().appendToStream(stream, events(1), 'any');
        const again = await store().appendToStream(stream, batch, 'any');
        expect(again).toEqual(first);
        expect(await store().readStream(stream)).toHaveLength(3);
      });

      it('records a batch once when several retries of it race each other', async () => {
        const stream = uniqueStream();
        const batch = events(3);
        const results = await Promise.all(
          Array.from({ length: 6 }, () => store().appendToStream(stream, batch, 'no_stream')),
        );
        for (const result of results) expect(result).toEqual(results[0]);
        expect((await store().readStream(stream)).map((e) => e.id)).toEqual(batch.map((e) => e.id));
      });

      it('refuses already-recorded event ids under a different expected revision', async () => {
        const stream = uniqueStream();
        const batch = events(2);
        await store().appendToStream(stream, batch, 'no_stream');
        const error = await rejection(store().appendToStream(stream, batch, 1));
        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect(error).toMatchObject({ expected: 1, actual: 1 });
        expect(await store().readStream(stream)).toHaveLength(2);
      });

      it('refuses a batch that partially overlaps recorded events, naming them, and writes nothing', async () => {
        const stream = uniqueStream();
        const batch = events(2);
        await store().appendToStream(stream, batch, 'no_stream');
        const overlapping = [batch[1]!, sampleEvent('New')];
        for (const expected of ['any', 1, 0] as const) {
          const error = await rejection(store().appendToStream(stream, overlapping, expected));
          expect(error).toBeInstanceOf(InvalidEventError);
          expect((error as Error).message).toContain(batch[1]!.id);
        }
        expect((await store().readStream(stream)).map((e) => e.id)).toEqual(batch.map((e) => e.id));
      });
    });

    describe('refusing malformed appends', () => {
      it.each<[string, (e: NewEvent) => NewEvent]>([
        ['an empty type', (e) => ({ ...e, type: '' })],
        ['an id that is not a UUID', (e) => ({ ...e, id: 'not-a-uuid' })],
        ['a schema version of 0', (e) => ({ ...e, schemaVersion: 0 })],
        ['a bigint in the data', (e) => ({ ...e, data: { amount: 10n } })],
        ['a NaN in the data', (e) => ({ ...e, data: { amount: Number.NaN } })],
        ['a NUL character in the data', (e) => ({ ...e, data: { text: 'a\u0000b' } })],
        [
          'metadata without a correlation id',
          (e) => ({ ...e, metadata: { ...e.metadata, correlationId: '' } }),
        ],
      ])('refuses an event with %s with InvalidEventError and writes nothing', async (_, spoil) => {
        const stream = uniqueStream();
        const error = await rejection(
          store().appendToStream(stream, [sampleEvent(), spoil(sampleEvent())], 'any'),
        );
        expect(error).toBeInstanceOf(InvalidEventError);
        expect(await store().streamRevision(stream)).toBeNull();
      });

      it('refuses an empty batch and a batch that repeats an event id', async () => {
        const stream = uniqueStream();
        const event = sampleEvent();
        expect(await rejection(store().appendToStream(stream, [], 'any'))).toBeInstanceOf(InvalidEventError);
        expect(await rejection(store().appendToStream(stream, [event, event], 'any'))).toBeInstanceOf(
          InvalidEventError,
        );
        expect(await store().streamRevision(stream)).toBeNull();
      });
    });

    describe('recorded events', () => {
      it('carry id, type, schema version, data and metadata exactly as given, including Vietnamese text', async () => {
        const stream = uniqueStream('dossier');
        const given: NewEvent = {
          id: randomUUID(),
          type: 'DossierReceived',
          schemaVersion: 3,
          data: {
            receivingUnit: 'Ủy ban nhân dân phường Bến Nghé',
            applicant: { fullName: 'Nguyễn Thị Ánh Tuyết', address: 'Số 8 Lê Duẩn, Quận 1, TP. Hồ Chí Minh' },
            // The same word precomposed (NFC) and decomposed (NFD): a store must not normalise either.
            spellings: ['Nghệ An'.normalize('NFC'), 'Nghệ An'.normalize('NFD')],
            emoji: '📄✅',
            documents: [
              { name: 'Tờ khai đăng ký khai sinh', copies: 1 },
              { name: 'Giấy chứng sinh', copies: 2 },
            ],
            fee: 0,
            ratio: 0.1,
            large: 9007199254740991,
            negative: -42.5,
            flags: { online: true, postal: false },
            note: null,
            empty: {},
            list: [],
          },
          metadata: {
            occurredAt: '2025-11-22T15:01:02.345+07:00',
            actor: { agencyCode: '000.00.05.H54', personId: 'nguyễn-văn-a', system: 'một-cửa' },
            correlationId: randomUUID(),
            causationId: randomUUID(),
          },
        };
        await store().appendToStream(stream, [given], 'no_stream');
        const [recorded] = await store().readStream(stream);
        expect(recorded).toBeDefined();
        expect({
          id: recorded!.id,
          type: recorded!.type,
          schemaVersion: recorded!.schemaVersion,
          data: recorded!.data,
          metadata: recorded!.metadata,
        }).toStrictEqual(given);
        const spellings = (recorded!.data as { spellings: string[] }).spellings;
        expect(spellings[0]).toBe('Nghệ An'.normalize('NFC'));
        expect(spellings[1]).toBe('Nghệ An'.normalize('NFD'));
        expect(spellings[0]).not.toBe(spellings[1]);
        expect(recorded!.streamName).toBe(stream);
        expect(recorded!.revision).toBe(0);
        expect(typeof recorded!.position).toBe('bigint');
        expect(Number.isNaN(Date.parse(recorded!.recordedAt))).toBe(false);
      });

      it('keep optional metadata absent when it was not given', async () => {
        const stream = uniqueStream();
        const given = sampleEvent(
          'Minimal',
          { ok: true },
          {
            metadata: {
              occurredAt: '2025-01-02T03:04:05.000Z',
              actor: { system: 'seed' },
              correlationId: 'corr-1',
            },
          },
        );
        await store().appendToStream(stream, [given], 'no_stream');
        const [recorded] = await store().readStream(stream);
        expect(recorded!.metadata).toStrictEqual({
          occurredAt: '2025-01-02T03:04:05.000Z',
          actor: { system: 'seed' },
          correlationId: 'corr-1',
        });
      });

      it('come back the same from readStream, readAll and a subscription', async () => {
        const category = uniqueCategory();
        const stream = uniqueStream(category);
        await store().appendToStream(stream, events(2), 'no_stream');
        const fromStream = await store().readStream(stream);
        const fromAll = await store().readAll({
          after: fromStream[0]!.position - 1n,
          filter: { categories: [category] },
        });
        const subscription = store().subscribeToAll({
          after: fromStream[0]!.position - 1n,
          filter: { categories: [category] },
        });
        const collector = new Collector(subscription);
        const fromSubscription = await collector.waitForCount(2);
        await subscription.close();
        expect(fromAll).toEqual(fromStream);
        expect(fromSubscription).toEqual(fromStream);
      });
    });

    describe('reading a stream', () => {
      let stream: StreamName;
      let ids: string[];

      beforeAll(async () => {
        stream = uniqueStream();
        const batch = events(10);
        ids = batch.map((e) => e.id);
        await store().appendToStream(stream, batch.slice(0, 4), 'no_stream');
        await store().appendToStream(stream, batch.slice(4), 3);
      });

      it('reads forwards from revision 0 by default, across appends, with increasing global positions', async () => {
        const read = await store().readStream(stream);
        expect(read.map((e) => e.id)).toEqual(ids);
        expect(read.map((e) => e.revision)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
        expectStrictlyIncreasing(read.map((e) => e.position));
      });

      it('reads forwards from a revision (inclusive) with maxCount', async () => {
        const read = await store().readStream(stream, { fromRevision: 3, maxCount: 4 });
        expect(read.map((e) => e.revision)).toEqual([3, 4, 5, 6]);
      });

      it('reads backwards from the last event by default', async () => {
        const read = await store().readStream(stream, { direction: 'backwards', maxCount: 3 });
        expect(read.map((e) => e.revision)).toEqual([9, 8, 7]);
      });

      it('reads backwards from a revision (inclusive)', async () => {
        const read = await store().readStream(stream, { direction: 'backwards', fromRevision: 2 });
        expect(read.map((e) => e.revision)).toEqual([2, 1, 0]);
      });

      it('reads nothing past the end', async () => {
        expect(await store().readStream(stream, { fromRevision: 10 })).toEqual([]);
      });

      it('reads a stream that does not exist as empty, and reports no revision for it', async () => {
        const missing = uniqueStream();
        expect(await store().readStream(missing)).toEqual([]);
        expect(await store().readStream(missing, { direction: 'backwards' })).toEqual([]);
        expect(await store().streamRevision(missing)).toBeNull();
      });

      it('reports the last revision of an existing stream', async () => {
        expect(await store().streamRevision(stream)).toBe(9);
      });
    });

    describe('reading all streams', () => {
      let category: string;
      let recorded: RecordedEvent[];

      beforeAll(async () => {
        category = uniqueCategory();
        const a = uniqueStream(category);
        const b = uniqueStream(category);
        await store().appendToStream(a, [sampleEvent('Opened'), sampleEvent('Noted')], 'no_stream');
        await store().appendToStream(
          uniqueStream(uniqueCategory('noise')),
          [sampleEvent('Opened')],
          'no_stream',
        );
        await store().appendToStream(b, [sampleEvent('Opened')], 'no_stream');
        await store().appendToStream(a, [sampleEvent('Closed')], 1);
        recorded = [...(await store().readStream(a)), ...(await store().readStream(b))].sort((x, y) =>
          x.position < y.position ? -1 : 1,
        );
      });

      it('reads in global order across streams, filtered by category', async () => {
        const read = await store().readAll({ filter: { categories: [category] } });
        expect(read.map((e) => e.id)).toEqual(recorded.map((e) => e.id));
        expect(read.map((e) => e.type)).toEqual(['Opened', 'Noted', 'Opened', 'Closed']);
        expect(read.every((e) => categoryOf(e.streamName) === category)).toBe(true);
      });

      it('reads strictly after a position (exclusive), with maxCount', async () => {
        const read = await store().readAll({
          after: recorded[0]!.position,
          maxCount: 2,
          filter: { categories: [category] },
        });
        expect(read.map((e) => e.id)).toEqual([recorded[1]!.id, recorded[2]!.id]);
      });

      it('filters by event type, and by category and event type together', async () => {
        const opened = await store().readAll({
          after: recorded[0]!.position - 1n,
          filter: { eventTypes: ['Opened'] },
        });
        const mine = opened.filter((e) => categoryOf(e.streamName) === category);
        expect(mine.map((e) => e.id)).toEqual(recorded.filter((e) => e.type === 'Opened').map((e) => e.id));
        expect(opened.length).toBeGreaterThan(mine.length);
        const both = await store().readAll({
          filter: { categories: [category], eventTypes: ['Closed', 'Noted'] },
        });
        expect(both.map((e) => e.type)).toEqual(['Noted', 'Closed']);
      });

      it('reads every stream in strictly increasing positions when unfiltered', async () => {
        const read = await store().readAll({ after: recorded[0]!.position - 1n, maxCount: 1000 });
        expectStrictlyIncreasing(read.map((e) => e.position));
        const ids = new Set(read.map((e) => e.id));
        expect(recorded.every((e) => ids.has(e.id))).toBe(true);
      });

      it('reads nothing after the last position', async () => {
        const last = (
          await store().readAll({ after: recorded[3]!.position, filter: { categories: [category] } })
        ).length;
        expect(last).toBe(0);
      });
    });

    describe('subscribing to all streams', () => {
      it('catches up, then delivers live events, in order and once each, filtered by category', async () => {
        const category = uniqueCategory();
        const stream = uniqueStream(category);
        const noise = uniqueStream(uniqueCategory('noise'));
        const before = events(3);
        await store().appendToStream(stream, before.slice(0, 2), 'no_stream');
        await store().appendToStream(noise, events(2), 'no_stream');
        await store().appendToStream(stream, before.slice(2), 1);
        const [first] = await store().readStream(stream, { maxCount: 1 });

        const subscription = store().subscribeToAll({
          after: first!.position - 1n,
          filter: { categories: [category] },
        });
        const collector = new Collector(subscription);
        try {
          expect((await collector.waitForCount(3)).map((e) => e.id)).toEqual(before.map((e) => e.id));

          const live = events(2, 'LiveThing');
          await store().appendToStream(noise, events(1), 1);
          await store().appendToStream(stream, live.slice(0, 1), 2);
          await store().appendToStream(uniqueStream(category), live.slice(1), 'no_stream');
          const all = await collector.waitForCount(5);
          expect(all.map((e) => e.id)).toEqual([...before, ...live].map((e) => e.id));
          expectStrictlyIncreasing(all.map((e) => e.position));

          // Nothing else (no duplicates, no other category) arrives afterwards.
          await new Promise((r) => setTimeout(r, 300));
          expect(collector.received).toHaveLength(5);
        } finally {
          await subscription.close();
        }
        await within(collector.done, 5_000, 'the end of the iteration after close()');
        expect(collector.error).toBeUndefined();
      });

      it('starts strictly after the given position', async () => {
        const category = uniqueCategory();
        const stream = uniqueStream(category);
        const batch = events(4);
        await store().appendToStream(stream, batch, 'no_stream');
        const read = await store().readStream(stream);
        const subscription = store().subscribeToAll({
          after: read[1]!.position,
          filter: { categories: [category] },
        });
        const collector = new Collector(subscription);
        try {
          const got = await collector.waitForCount(2);
          expect(got.map((e) => e.revision)).toEqual([2, 3]);
        } finally {
          await subscription.close();
        }
      });

      it('delivers from the beginning when no position is given, filtered by event type', async () => {
        const type = `OnlyThis${randomUUID().slice(0, 8)}`;
        const stream = uniqueStream();
        await store().appendToStream(
          stream,
          [sampleEvent('Other'), sampleEvent(type), sampleEvent('Other')],
          'no_stream',
        );
        const subscription = store().subscribeToAll({ filter: { eventTypes: [type] } });
        const collector = new Collector(subscription);
        try {
          await collector.waitForCount(1);
          await store().appendToStream(stream, [sampleEvent(type)], 2);
          const got = await collector.waitForCount(2);
          expect(got.map((e) => [e.streamName, e.revision])).toEqual([
            [stream, 1],
            [stream, 3],
          ]);
        } finally {
          await subscription.close();
        }
      });

      it('ends a waiting iteration when closed', async () => {
        const subscription = store().subscribeToAll({ filter: { categories: [uniqueCategory('silent')] } });
        const collector = new Collector(subscription);
        await new Promise((r) => setTimeout(r, 100));
        await subscription.close();
        await within(collector.done, 5_000, 'the end of the iteration after close()');
        expect(collector.received).toEqual([]);
        expect(collector.error).toBeUndefined();
      });

      it('stops when the consumer breaks out of the loop', async () => {
        const category = uniqueCategory();
        await store().appendToStream(uniqueStream(category), events(3), 'no_stream');
        const subscription = store().subscribeToAll({ filter: { categories: [category] } });
        const seen: RecordedEvent[] = [];
        await within(
          (async () => {
            for await (const event of subscription) {
              seen.push(event);
              if (seen.length === 2) break;
            }
          })(),
          10_000,
          'breaking out of the subscription',
        );
        expect(seen.map((e) => e.revision)).toEqual([0, 1]);
        await subscription.close();
      });
    });

    describe('hash chain', () => {
      it("links each event to the previous event's hash, from null at revision 0, across appends", async () => {
        const stream = uniqueStream();
        await store().appendToStream(stream, events(3), 'no_stream');
        await store().appendToStream(stream, events(2), 2);
        const read = await store().readStream(stream);
        expect(read[0]!.previousHash).toBeNull();
        for (let i = 1; i < read.length; i += 1) expect(read[i]!.previousHash).toBe(read[i - 1]!.hash);
        for (const e of read) expect(e.hash).toMatch(/^[0-9a-f]{64}$/);
        expect(verifyStreamChain(read)).toEqual({ ok: true, count: 5 });
      });

      it('hashes exactly the canonical content, so that every adapter produces the same hashes', async () => {
        const stream = uniqueStream('dossier');
        await store().appendToStream(
          stream,
          [sampleEvent('DossierReceived', { unit: 'Ủy ban nhân dân phường Bến Nghé' })],
          'no_stream',
        );
        const [recorded] = await store().readStream(stream);
        expect(recorded!.hash).toBe(computeEventHash(recorded!, null));
      });

      it('verifies a long stream built by many appends', async () => {
        const stream = uniqueStream();
        let expected: number | 'no_stream' = 'no_stream';
        for (let i = 0; i < 10; i += 1) {
          expected = (await store().appendToStream(stream, events(5), expected)).nextExpectedRevision;
        }
        expect(verifyStreamChain(await store().readStream(stream))).toEqual({ ok: true, count: 50 });
      });
    });

    it('answers ping', async () => {
      await expect(store().ping()).resolves.toBeUndefined();
    });
  });
}
