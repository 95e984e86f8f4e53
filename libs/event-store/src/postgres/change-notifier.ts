import { Client, type Pool, type PoolClient } from 'pg';

/**
 * Where a ChangeNotifier listens: the SQL that names the channel (schema-qualified, so that schemas
 * sharing a database do not hear each other), and what it is called in the log.
 */
export interface ChangeChannel {
  readonly channelSql: string;
  readonly what: string;
}

/** The event store's own: "something was appended". */
const EVENT_STORE_CHANNEL: ChangeChannel = {
  channelSql: 'SELECT event_store_channel() AS channel',
  what: 'event store',
};

/**
 * A listener's call: the notification's payload, or undefined after (re)connecting, when a
 * notification may have been missed and the listener should assume anything changed.
 */
export type ChangeListener = (payload: string | undefined) => void;

/**
 * One LISTEN connection per store, shared by its subscriptions and open only while one exists. A
 * notification only says "something was appended": subscriptions then query. If the connection drops,
 * subscriptions keep polling while it reconnects with backoff, and are woken once it is back (a
 * notification may have been lost in between). Other channels (a read model's "changed") use it too.
 */
export class ChangeNotifier {
  private readonly listeners = new Set<ChangeListener>();
  private client: Client | PoolClient | undefined;
  private starting: Promise<void> | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private retryDelayMs = MIN_RETRY_DELAY_MS;
  private channel: string | undefined;
  private closed = false;

  constructor(
    private readonly pool: Pool,
    /** A dedicated connection; without it the LISTEN connection is taken from the pool. */
    private readonly connectionString: string | undefined,
    private readonly log: (message: string) => void,
    private readonly source: ChangeChannel = EVENT_STORE_CHANNEL,
  ) {}

  /** Calls `listener` on every notification (and after reconnecting); returns the unsubscribe function. */
  add(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    if (!this.client && !this.starting && !this.retryTimer && !this.closed) this.start();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.disconnect();
    };
  }

  /** Resolves once a LISTEN is in place (or the attempt failed); for tests and benchmarks. */
  async ready(): Promise<void> {
    await this.starting;
  }

  close(): void {
    this.closed = true;
    this.listeners.clear();
    this.disconnect();
  }

  private start(): void {
    this.starting = (async () => {
      let client: Client | PoolClient | undefined;
      try {
        this.channel ??= (
          await this.pool.query<{ channel: string }>(this.source.channelSql)
        ).rows[0]!.channel;
        client = this.connectionString
          ? new Client({ connectionString: this.connectionString })
          : await this.pool.connect();
        // Attached before connecting: a failure between connect and LISTEN must not crash the process.
        client.on('error', (error) => this.lost(client!, error));
        client.on('notification', (notification) => this.wakeAll(notification.payload));
        if (client instanceof Client) await client.connect();
        await client.query(`LISTEN ${quoteIdentifier(this.channel)}`);
        if (this.closed || this.listeners.size === 0) {
          dispose(client);
          return;
        }
        this.client = client;
        this.retryDelayMs = MIN_RETRY_DELAY_MS;
        this.wakeAll();
      } catch (error) {
        if (client) dispose(client);
        this.log(`${this.source.what}: LISTEN failed (${message(error)}); polling until it reconnects`);
        this.scheduleRetry();
      } finally {
        this.starting = undefined;
      }
    })();
  }

  private lost(client: Client | PoolClient, error: unknown): void {
    if (this.client !== client) return;
    this.client = undefined;
    dispose(client);
    this.log(`${this.source.what}: LISTEN connection lost (${message(error)}); polling until it reconnects`);
    this.wakeAll();
    this.scheduleRetry();
  }

  private scheduleRetry(): void {
    if (this.closed || this.listeners.size === 0 || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (!this.closed && this.listeners.size > 0 && !this.client && !this.starting) this.start();
    }, this.retryDelayMs);
    this.retryTimer.unref();
    this.retryDelayMs = Math.min(this.retryDelayMs * 2, MAX_RETRY_DELAY_MS);
  }

  private disconnect(): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    const client = this.client;
    this.client = undefined;
    if (client) dispose(client);
  }

  private wakeAll(payload?: string): void {
    for (const listener of this.listeners) listener(payload);
  }
}

const MIN_RETRY_DELAY_MS = 100;
const MAX_RETRY_DELAY_MS = 5_000;

function dispose(client: Client | PoolClient): void {
  // Keep a late 'error' from an ending connection away from the process.
  client.removeAllListeners('notification');
  client.on('error', () => undefined);
  if ('release' in client) {
    client.release(true);
  } else {
    client.end().catch(() => undefined);
  }
}

function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
