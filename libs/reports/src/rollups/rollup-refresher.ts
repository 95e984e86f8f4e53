import type { Pool } from 'pg';
import { PollLoop } from '@lien-thong/agency-notifications';
import { REPORT_FACTS_PROJECTION } from '../projection/report-facts.projection';
import { refreshDirtyMonths } from './report-rollups';

/** Events the report projection may lag by before the refresher waits (a rebuild, a catch-up). */
const CATCHING_UP_EVENTS = 10_000;

/**
 * Whether the report projection is catching up: every batch then marks months dirty again, and a month
 * refreshed now would be dirty a moment later.
 */
async function behind(pool: Pool): Promise<boolean> {
  // With EventStoreDB the events are not in PostgreSQL: no lag to read here.
  const { rows: store } = await pool.query<{ here: boolean }>(
    `SELECT to_regclass('events') IS NOT NULL AS here`,
  );
  if (!store[0]?.here) return false;
  const { rows } = await pool.query<{ behind: boolean }>(
    `SELECT coalesce((SELECT max(position) FROM events), 0)
              - coalesce((SELECT position FROM projection_checkpoints WHERE name = $1), 0) > $2 AS behind`,
    [REPORT_FACTS_PROJECTION, CATCHING_UP_EVENTS],
  );
  return rows[0]?.behind ?? false;
}

/**
 * Keeps the monthly rollups current (ADR 0017): every few seconds, recomputes the months the report
 * projection marked dirty, a few at a time, once they are over, and not while the projection is
 * catching up (more than 10,000 events behind). Reports read a dirty month from the facts meanwhile, so a
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
    this.poll = new PollLoop(
      async () => ((await behind(pool)) ? 0 : refreshDirtyMonths(pool, monthsPerRound)),
      {
        batchSize: monthsPerRound,
        pollIntervalMs: options.pollIntervalMs ?? 5_000,
        what: 'report rollups: a refresh',
        log: options.log ?? (() => undefined),
      },
    );
  }

  start(): void {
    this.poll.start();
  }

  /** Stops once the month under way is refreshed (or rolled back). */
  stop(): Promise<void> {
    return this.poll.stop();
  }
}
