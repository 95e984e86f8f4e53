import {
  categoryOf,
  PostgresEventStore,
  type InMemoryEventStore,
  type AppendResult,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type StreamName,
  type SubscribeOptions,
  type Subscription,
} from '@lien-thong/event-store';

/** The categories a dossier's life writes: its own stream and its intake's. */
const STAGED_CATEGORIES = new Set(['dossier', 'intake']);

/**
 * The event store of the history generator's bulk mode. A dossier being simulated has an in-memory store
 * of its own (`stagingOf()`, same validation and hashes as every store) for its `dossier-` and `intake-`
 * streams; everything else (procedures, agencies, calendars) is the configured store. When the dossier's
 * life is over, its events are written with `BulkImporter`, many dossiers per statement.
 *
 * Reads of the other streams are remembered until something is appended to one of them: every command
 * of the engine catches up its directories (agencies, procedures, holidays) by reading the store, about
 * a hundred reads per dossier that change nothing while a history is generated. A change made by
 * another process meanwhile (a holiday decided in `npm start`) is therefore not seen by the generator.
 */
export class StagedDossierEventStore implements EventStore {
  private readonly reads = new Map<string, Promise<unknown>>();

  constructor(
    private readonly durable: EventStore,
    private readonly stagingOf: () => InMemoryEventStore | undefined,
  ) {}

  appendToStream(
    stream: StreamName,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
  ): Promise<AppendResult> {
    const store = this.storeOf(stream);
    if (store === this.durable) this.reads.clear();
    return store.appendToStream(stream, events, expected);
  }

  readStream(stream: StreamName, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    const store = this.storeOf(stream);
    if (store !== this.durable) return store.readStream(stream, options);
    return this.remembered(['stream', stream, options], () => store.readStream(stream, options));
  }

  streamRevision(stream: StreamName): Promise<number | null> {
    const store = this.storeOf(stream);
    if (store !== this.durable) return store.streamRevision(stream);
    return this.remembered(['revision', stream], () => store.streamRevision(stream));
  }

  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.remembered(['all', options], () => this.durable.readAll(options));
  }

  subscribeToAll(options?: SubscribeOptions): Subscription {
    return this.durable.subscribeToAll(options);
  }

  ping(): Promise<void> {
    return this.durable.ping();
  }

  close(): Promise<void> {
    return this.durable.close();
  }

  /** The PostgreSQL store underneath, which alone can import in bulk. */
  get postgres(): PostgresEventStore {
    if (this.durable instanceof PostgresEventStore) return this.durable;
    throw new Error('the bulk mode of the history generator writes to the PostgreSQL event store only');
  }

  /** Recorded events are frozen by nobody here: callers get the same arrays, and none of them mutates one. */
  private remembered<T>(key: unknown[], read: () => Promise<T>): Promise<T> {
    const text = JSON.stringify(key, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
    let result = this.reads.get(text) as Promise<T> | undefined;
    if (!result) {
      result = read();
      this.reads.set(text, result);
      result.catch(() => this.reads.delete(text));
    }
    return result;
  }

  private storeOf(stream: StreamName): EventStore {
    const staging = this.stagingOf();
    return staging && STAGED_CATEGORIES.has(categoryOf(stream)) ? staging : this.durable;
  }
}

/**
 * Gathers the events of finished dossiers and imports them `batchEvents` at a time, one import at a time
 * (a caller of `add` waits while an import is under way and the batch is full: back-pressure).
 */
export class BulkImporter {
  private pending: RecordedEvent[] = [];
  private importing: Promise<void> = Promise.resolve();
  imported = 0;

  constructor(
    private readonly store: PostgresEventStore,
    private readonly batchEvents = 20_000,
  ) {}

  async add(events: readonly RecordedEvent[]): Promise<void> {
    this.pending.push(...events);
    if (this.pending.length >= this.batchEvents) await this.flush();
  }

  async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    const previous = this.importing;
    this.importing = previous.then(async () => {
      if (batch.length === 0) return;
      await this.store.importStreams(batch);
      this.imported += batch.length;
    });
    await this.importing;
  }
}
