import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { CLOCK, type Clock } from '@lien-thong/contracts';
import { FileRecords } from './file-records';
import { FILE_STORE, type FileStore } from './file-store';

export interface FileJanitorOptions {
  /** How long an upload may wait to be attached before it is removed. */
  readonly retentionMs: number;
  /** How often the janitor looks. */
  readonly intervalMs: number;
  readonly log: (message: string) => void;
}

export const FILE_JANITOR_OPTIONS = Symbol.for('lien-thong.FileJanitorOptions');

/** Records deleted per statement; their bytes are removed before the next batch. */
const BATCH = 500;

/**
 * Removes the uploads no dossier ever named (issue 24): an officer uploads a result file and never
 * completes the step with it, or a client uploads and gives up. After the retention
 * (LIEN_THONG_FILE_RETENTION_HOURS, 7 days by default) the record goes first, then the bytes. A process
 * dying in between leaves bytes no record names, which nothing serves. Runs in the API processes, where
 * the file store is (one or several: each record is deleted by exactly one of them). Its own loop rather
 * than the dispatchers' PollLoop, which lives in a library above this one.
 */
@Injectable()
export class FileJanitor implements OnModuleDestroy {
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<unknown> | undefined;
  private running = false;

  constructor(
    private readonly records: FileRecords,
    @Inject(FILE_STORE) private readonly store: FileStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(FILE_JANITOR_OPTIONS) private readonly options: FileJanitorOptions,
  ) {}

  /** Looks now, then every interval, until stopped. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.next(0);
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    await this.round?.catch(() => undefined);
  }

  async onModuleDestroy(): Promise<void> {
    await this.stop();
  }

  /** One look: removes every upload older than the retention that was never attached; how many. */
  async sweep(): Promise<number> {
    const before = new Date(this.clock.now().getTime() - this.options.retentionMs);
    let removed = 0;
    for (;;) {
      const ids = await this.records.deleteUnattached(before, BATCH);
      for (const id of ids) await this.store.remove(id);
      removed += ids.length;
      if (ids.length < BATCH) return removed;
    }
  }

  private next(delayMs: number): void {
    this.timer = setTimeout(() => {
      if (!this.running) return;
      this.round = this.sweep().then(
        (removed) => {
          if (removed > 0)
            this.options.log(`removed ${removed} upload${removed === 1 ? '' : 's'} never attached`);
        },
        (error: unknown) =>
          this.options.log(
            `removing uploaded files never attached failed, trying again later: ${error instanceof Error ? error.message : String(error)}`,
          ),
      );
      void this.round.then(() => {
        if (this.running) this.next(this.options.intervalMs);
      });
    }, delayMs);
    this.timer.unref();
  }
}
