const SIGNAL_NUMBERS = { SIGINT: 2, SIGTERM: 15 } as const;

export type ShutdownSignal = keyof typeof SIGNAL_NUMBERS;

export interface ShutdownSignalsOptions {
  readonly log: (message: string) => void;
  readonly warn: (message: string) => void;
  /** Ends the process at once (tests replace it). */
  readonly exit?: (code: number) => void;
  readonly on?: (signal: ShutdownSignal, listener: () => void) => void;
}

/**
 * SIGINT and SIGTERM ask for a drain: `requested` resolves on the first one. The same signal a
 * second time (Ctrl-C twice, or a supervisor that repeats SIGTERM) ends the process at once. A
 * different second signal does not: a terminal's Ctrl-C reaches the worker as SIGINT and the launcher
 * forwards it as SIGTERM, and those two are one request.
 */
export class ShutdownSignals {
  readonly requested: Promise<ShutdownSignal>;
  private first: ShutdownSignal | undefined;
  private resolve: (signal: ShutdownSignal) => void = () => undefined;

  constructor(private readonly options: ShutdownSignalsOptions) {
    this.requested = new Promise((resolve) => (this.resolve = resolve));
    const on = options.on ?? ((signal, listener) => process.on(signal, listener));
    for (const signal of Object.keys(SIGNAL_NUMBERS) as ShutdownSignal[])
      on(signal, () => this.receive(signal));
  }

  /** The signal that asked for the drain, if one did. */
  get signal(): ShutdownSignal | undefined {
    return this.first;
  }

  private receive(signal: ShutdownSignal): void {
    if (this.first === undefined) {
      this.first = signal;
      this.options.log(`${signal}: draining (the same signal again stops at once)`);
      this.resolve(signal);
      return;
    }
    if (signal !== this.first) {
      this.options.log(`${signal}: already draining`);
      return;
    }
    this.options.warn(
      `${signal} again: stopping without draining; work under way is left for the next start ` +
        '(a webhook sent but not yet recorded is sent again when its lease expires)',
    );
    (this.options.exit ?? ((code: number) => process.exit(code)))(128 + SIGNAL_NUMBERS[signal]);
  }
}
