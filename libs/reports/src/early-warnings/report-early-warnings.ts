import type { Pool } from 'pg';
import type { WorkingTimeCalendar } from '@lien-thong/calendar';
import { periodBounds, type ReportQuery } from '../domain/report-query';
import type { ReportScope } from '../summary/report-scope';
import { dossierConditions, share, SqlParams, WORKING_DAY_MS } from '../shared/report-sql';

export interface EarlyWarningFigures {
  /** Step visits that ended in the period (completed or handed back), judged against a deadline. */
  readonly visits: number;
  /** Of them, warned that they would run late (StepLatenessWarned). */
  readonly warned: number;
  /** Warned and ended late: the warnings that came true. */
  readonly warnedLate: number;
  readonly late: number;
  /** Late visits warned in time to act: a working day before the deadline (see `ahead`). */
  readonly lateWarnedAhead: number;
  /** warnedLate / warned, 4 decimals; null when nothing was warned. */
  readonly precision: number | null;
  /** lateWarnedAhead / late; null when nothing was late. */
  readonly recall: number | null;
}

export interface EarlyWarningReport {
  readonly period: { readonly from: string; readonly to: string };
  readonly total: EarlyWarningFigures;
  /** Per agency holding the steps, most late first. */
  readonly agencies: readonly ({ readonly agencyCode: string } & EarlyWarningFigures)[];
  readonly definitions: string;
}

interface Row {
  agency_code: string;
  visits: string;
  warned: string;
  warned_late: string;
  late: string;
  late_warned: { warnedAt: string; deadline: string; budgetMs: number }[] | null;
}

/**
 * Whether a warning came in time to act: at least one working day before the deadline, or, for a step of
 * a day or less, with at least 80 % of its budget still to run (before the fixed reminder).
 */
export function warnedAhead(
  calendar: WorkingTimeCalendar,
  warnedAt: number,
  deadline: number,
  budgetMs: number,
): boolean {
  return calendar.workingTimeBetween(warnedAt, deadline) >= Math.min(WORKING_DAY_MS, 0.8 * budgetMs);
}

/**
 * How good the early warning was (issue 21): over the step visits that ended in the period, the warnings
 * given, those that came true (precision), and the late visits warned in time to act (recall); in all and
 * per agency. The filters and the caller's scope as the steps report (`agency` is the step's agency).
 */
export async function earlyWarningReport(
  pool: Pool,
  q: ReportQuery,
  scope: ReportScope | null,
  calendar: WorkingTimeCalendar,
): Promise<EarlyWarningReport> {
  const { start, end } = periodBounds(q);
  const sql = new SqlParams();
  const where = dossierConditions(q, scope, sql, { stepAgency: true });
  const { rows } = await pool.query<Row>(
    `SELECT v.agency_code,
            count(*) AS visits,
            count(*) FILTER (WHERE v.warned_at IS NOT NULL) AS warned,
            count(*) FILTER (WHERE v.warned_at IS NOT NULL AND coalesce(v.completed_at, v.returned_at) > v.deadline) AS warned_late,
            count(*) FILTER (WHERE coalesce(v.completed_at, v.returned_at) > v.deadline) AS late,
            jsonb_agg(jsonb_build_object('warnedAt', v.warned_at, 'deadline', v.deadline, 'budgetMs', v.budget_ms))
              FILTER (WHERE v.warned_at IS NOT NULL AND coalesce(v.completed_at, v.returned_at) > v.deadline) AS late_warned
       FROM report_step_visits v JOIN report_dossiers d ON d.code = v.code
      WHERE coalesce(v.completed_at, v.returned_at) >= ${sql.p(new Date(start))}
        AND coalesce(v.completed_at, v.returned_at) < ${sql.p(new Date(end))}
        AND NOT v.excluded_from_limit
        ${where.map((w) => `AND ${w}`).join(' ')}
      GROUP BY v.agency_code`,
    sql.values,
  );
  const figures = (r: {
    visits: number;
    warned: number;
    warnedLate: number;
    late: number;
    lateWarnedAhead: number;
  }): EarlyWarningFigures => ({
    ...r,
    precision: share(r.warnedLate, r.warned),
    recall: share(r.lateWarnedAhead, r.late),
  });
  const agencies = rows.map((r) => {
    const lateWarnedAhead = (r.late_warned ?? []).filter((w) =>
      warnedAhead(calendar, Date.parse(w.warnedAt), Date.parse(w.deadline), Number(w.budgetMs)),
    ).length;
    return {
      agencyCode: r.agency_code,
      ...figures({
        visits: Number(r.visits),
        warned: Number(r.warned),
        warnedLate: Number(r.warned_late),
        late: Number(r.late),
        lateWarnedAhead,
      }),
    };
  });
  agencies.sort((a, b) => b.late - a.late || a.agencyCode.localeCompare(b.agencyCode));
  const sum = (k: 'visits' | 'warned' | 'warnedLate' | 'late' | 'lateWarnedAhead') =>
    agencies.reduce((a, r) => a + r[k], 0);
  return {
    period: { from: q.from, to: q.to },
    total: figures({
      visits: sum('visits'),
      warned: sum('warned'),
      warnedLate: sum('warnedLate'),
      late: sum('late'),
      lateWarnedAhead: sum('lateWarnedAhead'),
    }),
    agencies,
    definitions: 'docs/simulation.md#early-warning',
  };
}
