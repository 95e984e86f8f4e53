/**
 * The polling loop of a dispatcher working an outbox: a round at once after a full batch, else after
 * the poll interval; a failed round is logged and tried again after a delay that doubles (to 30 s).
 * `stop()` wakes a sleeping loop and resolves once the round under way has finished. Used by the
 * webhook dispatcher and the applicant notice dispatcher.
 */
export class PollLoop {
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;

  constructor(
    /** One round; returns how many items it took. */
    private readonly round: () => Promise<number>,
    private readonly options: {
      readonly batchSize: number;
      readonly pollIntervalMs: number;
      /** What the loop does ("webhook dispatch"), for the log line of a failed round. */
      readonly what: string;
      readonly log: (message: string) => void;
    },
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    this.loop = undefined;
  }

  private async run(): Promise<void> {
    const { batchSize, pollIntervalMs } = this.options;
    let errorDelay = pollIntervalMs;
    while (this.running) {
      try {
        const n = await this.round();
        errorDelay = pollIntervalMs;
        if (n === batchSize) continue;
        await this.sleep(pollIntervalMs);
      } catch (error) {
        if (!this.running) return;
        this.options.log(
          `${this.options.what} failed, retrying in ${errorDelay} ms: ${error instanceof Error ? error.message : String(error)}`,
        );
        await this.sleep(errorDelay);
        errorDelay = Math.min(errorDelay * 2, 30_000);
      }
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}
