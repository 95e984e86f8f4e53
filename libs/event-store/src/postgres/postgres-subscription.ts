import type { GlobalPosition, RecordedEvent, SubscribeOptions, Subscription } from '../event-store.port';
import { mayConcern } from './change-payload';

/** One page of events that every subscriber may see, read by the store. */
export interface SafePage {
  /** Events strictly after the cursor, in position order, all of them final (see `blocked`). */
  readonly events: RecordedEvent[];
  /** True when the page stopped short of visible events because an older transaction is still running. */
  readonly blocked: boolean;
  /** True when the page is full: more events are waiting. */
  readonly full: boolean;
}

export interface SubscriptionSource {
  readSafePage(after: GlobalPosition, options: SubscribeOptions, limit: number): Promise<SafePage>;
}

export interface SubscriptionSettings {
  readonly pollIntervalMs: number;
  readonly batchSize: number;
}

/** How soon to look again while an older transaction holds back visible events (doubling up to the poll interval). */
const FIRST_BLOCKED_RETRY_MS = 2;

/**
 * Catch-up then live, as one loop: read a page after the cursor; a full page means "read on at once";
 * otherwise wait for a notification or the poll interval. The store's page only ever contains events
 * that no later commit can precede, so advancing the cursor never skips one.
 */
export class PostgresSubscription implements Subscription {
  private closed = false;
  private dirty = false;
  /** The last page was held back by an appender still running (see run). */
  private blocked = false;
  /** A notification this subscription's filter wants nothing of came since the current read began. */
  private otherCommit = false;
  private wake: (() => void) | undefined;
  private inFlight: Promise<unknown> | undefined;
  private readonly iterator: AsyncGenerator<RecordedEvent>;
  private readonly unlisten: (() => void) | undefined;
  private ended = false;

  constructor(
    private readonly source: SubscriptionSource,
    private readonly options: SubscribeOptions,
    private readonly settings: SubscriptionSettings,
    /** Registers a wake-up for notifications (with their payloads); returns the unregister function. */
    listen: ((onChange: (payload: string | undefined) => void) => () => void) | undefined,
    private readonly onEnd: (subscription: PostgresSubscription) => void,
  ) {
    // A notification of appends this subscription's filter wants none of is passed over, unless the
    // subscription waits on a blocked page: that commit may be the one that held its events back.
    this.unlisten = listen?.((payload) => {
      if (this.blocked || mayConcern(payload, this.options.filter)) this.poke();
      else this.otherCommit = true;
    });
    this.iterator = this.run();
  }

  [Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    return this.iterator;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.wake?.();
    // A page being read is left to finish, so that the caller may end the pool right after close().
    await this.inFlight?.catch(() => undefined);
    this.end();
  }

  private end(): void {
    if (this.ended) return;
    this.ended = true;
    this.unlisten?.();
    this.onEnd(this);
  }

  private poke(): void {
    this.dirty = true;
    this.wake?.();
  }

  private async *run(): AsyncGenerator<RecordedEvent> {
    let after = this.options.after ?? 0n;
    let blockedDelay = 0;
    try {
      while (!this.closed) {
        this.dirty = false;
        this.otherCommit = false;
        const read = this.source.readSafePage(after, this.options, this.settings.batchSize);
        this.inFlight = read;
        const page = await read;
        this.inFlight = undefined;
        for (const event of page.events) {
          if (this.closed) return;
          yield event;
          after = event.position;
        }
        if (page.full) continue;
        if (page.blocked) {
          blockedDelay = Math.min(
            Math.max(FIRST_BLOCKED_RETRY_MS, blockedDelay * 2),
            this.settings.pollIntervalMs,
          );
          // Another commit during the read may be the one that held the page back: read again at once.
          if (this.otherCommit) continue;
          this.blocked = true;
          await this.sleep(blockedDelay);
          this.blocked = false;
          continue;
        }
        blockedDelay = 0;
        if (!this.dirty) await this.sleep(this.settings.pollIntervalMs);
      }
    } finally {
      this.closed = true;
      this.inFlight = undefined;
      this.end();
    }
  }

  private sleep(ms: number): Promise<void> {
    if (this.closed || this.dirty) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = undefined;
        done();
      };
    });
  }
}
