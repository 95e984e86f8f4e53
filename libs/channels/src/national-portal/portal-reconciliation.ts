import type { Pool } from 'pg';
import { PollLoop } from '@lien-thong/agency-notifications';
import { runMigrations, type Migration } from '@lien-thong/postgres';
import type { PortalClient } from './portal-client';
import { portalDossiers } from './portal-status-outbox';
import type { PortalStatus } from './portal-statuses';

export interface PortalMismatch {
  readonly portalId: string;
  readonly dossierCode: string | null;
  /** The last status we hold for it (pushed or still to push); null: we have no such dossier. */
  readonly ours: { readonly status: PortalStatus; readonly sequence: number } | null;
  /** What the portal shows; null: the portal does not know the dossier. */
  readonly portal: { readonly status: PortalStatus | null; readonly sequence: number } | null;
  /** Our push of the missing status is still being retried (it may yet arrive). */
  readonly pushPending: boolean;
  /** Our push of it was given up (the portal refused it, or never answered in time). */
  readonly pushFailed: boolean;
}

export interface PortalReconciliationReport {
  readonly checkedAt: string;
  readonly dossiers: number;
  readonly mismatches: readonly PortalMismatch[];
}

/**
 * Compares what the portal shows of each dossier with what we hold (the last status of each portal
 * dossier, portal-status-outbox.ts), and lists every dossier where they differ: a status the portal
 * never got (a push given up, or lost on its side), a dossier one side does not know.
 */
export async function reconcilePortal(
  pool: Pool,
  portal: PortalClient,
  now: Date,
): Promise<PortalReconciliationReport> {
  const [ours, theirs] = await Promise.all([portalDossiers(pool), portal.dossiers()]);
  const outbox = await pool.query<{ portal_id: string; pending: boolean; failed: boolean }>(
    `SELECT portal_id, bool_or(state = 'pending') AS pending, bool_or(state = 'failed') AS failed
       FROM portal_status_outbox WHERE state <> 'delivered' GROUP BY portal_id`,
  );
  const undelivered = new Map(outbox.rows.map((r) => [r.portal_id, r]));
  const portalById = new Map(theirs.map((d) => [d.portalId, d]));
  const mismatches: PortalMismatch[] = [];
  for (const mine of ours) {
    const seen = portalById.get(mine.portalId);
    portalById.delete(mine.portalId);
    if (seen && seen.sequence === mine.sequence && seen.status === mine.status) continue;
    mismatches.push({
      portalId: mine.portalId,
      dossierCode: mine.dossierCode,
      ours: { status: mine.status, sequence: mine.sequence },
      portal: seen ? { status: seen.status, sequence: seen.sequence } : null,
      pushPending: undelivered.get(mine.portalId)?.pending ?? false,
      pushFailed: undelivered.get(mine.portalId)?.failed ?? false,
    });
  }
  // Dossiers the portal shows as taken in that we have no record of.
  for (const seen of portalById.values()) {
    if (seen.sequence === 0) continue;
    mismatches.push({
      portalId: seen.portalId,
      dossierCode: seen.dossierCode,
      ours: null,
      portal: { status: seen.status, sequence: seen.sequence },
      pushPending: false,
      pushFailed: false,
    });
  }
  return { checkedAt: now.toISOString(), dossiers: ours.length, mismatches };
}

export const PORTAL_RECONCILIATIONS_MIGRATIONS_COMPONENT = 'portal-reconciliations';

export const portalReconciliationsMigrations: readonly Migration[] = [
  {
    id: '0001-portal-reconciliations',
    sql: `CREATE TABLE portal_reconciliations (
            id          bigserial   PRIMARY KEY,
            checked_at  timestamptz NOT NULL,
            dossiers    integer,
            mismatches  jsonb,
            -- Why the run could not compare (the portal did not answer): then no figures.
            error       text
          )`,
  },
];

/** One scheduled run of the reconciliation, as recorded. */
export interface PortalReconciliationRun {
  readonly checkedAt: string;
  /** Null when the run could not compare (see `error`). */
  readonly dossiers: number | null;
  readonly mismatches: readonly PortalMismatch[] | null;
  readonly error: string | null;
}

/** Runs kept: about a week of hourly runs. */
const RUNS_KEPT = 200;

/** The scheduled reconciliations' results (the last ones), for the console, the metrics and the log. */
export class PortalReconciliationLog {
  constructor(private readonly pool: Pool) {}

  async migrate(): Promise<void> {
    await runMigrations(
      this.pool,
      PORTAL_RECONCILIATIONS_MIGRATIONS_COMPONENT,
      portalReconciliationsMigrations,
    );
  }

  async record(run: PortalReconciliationRun): Promise<void> {
    await this.pool.query(
      `WITH added AS (
         INSERT INTO portal_reconciliations (checked_at, dossiers, mismatches, error)
         VALUES ($1, $2, $3::jsonb, $4) RETURNING id)
       DELETE FROM portal_reconciliations
        WHERE id <= (SELECT id FROM added) - $5`,
      [
        run.checkedAt,
        run.dossiers,
        run.mismatches === null ? null : JSON.stringify(run.mismatches),
        run.error,
        RUNS_KEPT,
      ],
    );
  }

  /** The last run recorded; null when none was (the worker has not run one, or no portal is connected). */
  async latest(): Promise<PortalReconciliationRun | null> {
    const { rows } = await this.pool.query<{
      checked_at: Date;
      dossiers: number | null;
      mismatches: PortalMismatch[] | null;
      error: string | null;
    }>('SELECT checked_at, dossiers, mismatches, error FROM portal_reconciliations ORDER BY id DESC LIMIT 1');
    const row = rows[0];
    if (!row) return null;
    return {
      checkedAt: row.checked_at.toISOString(),
      dossiers: row.dossiers,
      mismatches: row.mismatches,
      error: row.error,
    };
  }
}

export interface PortalReconcilerOptions {
  readonly intervalMs: number;
  readonly log: (message: string) => void;
}

/**
 * The reconciliation on a schedule (issue 24): the worker's `portal` role, once per database (under a
 * lease), every LIEN_THONG_PORTAL_RECONCILE_INTERVAL_SECONDS (an hour by default). Each run is recorded
 * (PortalReconciliationLog), failures too; a run that finds mismatches says so in the log, and the
 * metric `lien_thong_portal_mismatches` carries the count.
 */
export class PortalReconciler {
  private readonly loop: PollLoop;

  constructor(
    private readonly pool: Pool,
    private readonly portal: PortalClient,
    private readonly runs: PortalReconciliationLog,
    private readonly clock: { now(): Date },
    private readonly options: PortalReconcilerOptions,
  ) {
    // One run per round: never a "full batch", so the loop always waits the interval after it.
    this.loop = new PollLoop(
      async () => {
        await this.runOnce();
        return 0;
      },
      {
        batchSize: 1,
        pollIntervalMs: options.intervalMs,
        what: 'national portal reconciliation',
        log: options.log,
      },
    );
  }

  start(): void {
    this.loop.start();
  }

  async stop(): Promise<void> {
    await this.loop.stop();
  }

  /** One run, recorded; what it found. */
  async runOnce(): Promise<PortalReconciliationRun> {
    const at = this.clock.now();
    let run: PortalReconciliationRun;
    try {
      const report = await reconcilePortal(this.pool, this.portal, at);
      run = {
        checkedAt: report.checkedAt,
        dossiers: report.dossiers,
        mismatches: report.mismatches,
        error: null,
      };
    } catch (error) {
      run = {
        checkedAt: at.toISOString(),
        dossiers: null,
        mismatches: null,
        error: error instanceof Error ? error.message : String(error),
      };
    }
    await this.runs.record(run);
    if (run.error !== null) this.options.log(`national portal reconciliation could not run: ${run.error}`);
    else if (run.mismatches!.length > 0)
      this.options.log(
        `national portal reconciliation: ${run.mismatches!.length} of ${run.dossiers} dossiers differ from the portal (GET /channels/national-portal/reconciliation)`,
      );
    return run;
  }
}
