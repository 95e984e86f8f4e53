import type { RecordedEvent, Subscription } from '@lien-thong/event-store';

/**
 * Reads a subscription in the background and hands out whatever has arrived as one batch, so a
 * projection applies many events per transaction during catch-up and one at a time when live.
 */
export class BatchingReader {
  private readonly queue: RecordedEvent[] = [];
  private waiting: (() => void) | undefined;
  private resumePump: (() => void) | undefined;
  private ended = false;
  private closed = false;
  private failure: unknown;
  private readonly pumping: Promise<void>;

  constructor(
    private readonly subscription: Subscription,
    private readonly highWaterMark: number,
  ) {
    this.pumping = this.pump();
  }

  /** Resolves with 1..max events, or with [] when the subscription has ended. Throws its error. */
  async next(max: number): Promise<RecordedEvent[]> {
    while (this.queue.length === 0 && !this.ended) {
      await new Promise<void>((resolve) => (this.waiting = resolve));
    }
    if (this.queue.length === 0 && this.failure !== undefined) {
      throw this.failure instanceof Error
        ? this.failure
        : new Error('subscription failed', { cause: this.failure });
    }
    const batch = this.queue.splice(0, max);
    this.resumePump?.();
    return batch;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.subscription.close();
    this.resumePump?.();
    await this.pumping;
  }

  private async pump(): Promise<void> {
    try {
      for await (const event of this.subscription) {
        this.queue.push(event);
        this.wake();
        while (this.queue.length >= this.highWaterMark && !this.closed) {
          await new Promise<void>((resolve) => (this.resumePump = resolve));
          this.resumePump = undefined;
        }
        if (this.closed) break;
      }
    } catch (error) {
      this.failure = error;
    } finally {
      this.ended = true;
      this.wake();
    }
  }

  private wake(): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.();
  }
}
