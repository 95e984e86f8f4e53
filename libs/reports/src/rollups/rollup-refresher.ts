import type { Pool } from 'pg';
import { PollLoop } from '@lien-thong/agency-notifications';
import { refreshDirtyMonths } from './report-rollups';

/**
 * Keeps the monthly rollups current (ADR 0017): every few seconds, recomputes the months the report
 * projection marked dirty, a few at a time. Reports read a dirty month from the facts meanwhile, so a
 * slow or stopped refresher makes them slower, never wrong. Several workers may run it: a month
 * refreshed twice at once gives the same rows (the second waits on the first's row locks).
 */
export class ReportRollupRefresher {
  private readonly poll: PollLoop;

  constructor(
    pool: Pool,
    options: {
      readonly pollIntervalMs?: number;
      readonly monthsPerRound?: number;
      readonly log?: (m: string) => void;
    } = {},
  ) {
    const monthsPerRound = options.monthsPerRound ?? 3;
    this.poll = new PollLoop(() => refreshDirtyMonths(pool, monthsPerRound), {
      batchSize: monthsPerRound,
      pollIntervalMs: options.pollIntervalMs ?? 5_000,
      what: 'report rollups: a refresh',
      log: options.log ?? (() => undefined),
    });
  }

  start(): void {
    this.poll.start();
  }

  /** Stops once the month under way is refreshed (or rolled back). */
  stop(): Promise<void> {
    return this.poll.stop();
  }
}
