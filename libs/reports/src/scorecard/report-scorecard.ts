import type { Pool } from 'pg';
import { periodBounds, type ReportQuery } from '../domain/report-query';
import type { ReportScope } from '../summary/report-scope';
import { dossierConditions, round, share, SqlParams, whereSql } from '../shared/report-sql';
import { scorecardConfigFor, type ScorecardConfig } from './scorecard-config';

export interface ScorecardComponent {
  readonly weight: number;
  /** Between 0 and 1; null when there was nothing to judge (full points). */
  readonly value: number | null;
  readonly points: number;
  /** What the value was counted from. */
  readonly basis: Readonly<Record<string, number>>;
}

export interface AgencyScore {
  readonly agencyCode: string;
  readonly score: number;
  readonly components: {
    readonly onTime: ScorecardComponent;
    readonly apologies: ScorecardComponent;
    readonly singleSupplement: ScorecardComponent;
    readonly noRework: ScorecardComponent;
  };
  readonly deductions: { readonly lateSteps: { readonly count: number; readonly points: number } };
}

export interface ScorecardReport {
  readonly period: { readonly from: string; readonly to: string };
  readonly config: ScorecardConfig;
  readonly agencies: readonly AgencyScore[];
  readonly definitions: string;
}

interface Row {
  agency_code: string;
  judged: string;
  in_time: string;
  late_steps: string;
  visits: string;
  reworked: string;
  late_dossiers: string;
  apologised_in_time: string;
  supplement_dossiers: string;
  repeated_supplements: string;
}

/**
 * The scorecard (issue 19): per agency, the points of each component of `ScorecardConfig` over the
 * step visits it ended in the period and the dossiers they belong to, the deduction for its late steps,
 * and the score; best first. An adaptation of the city's index, not the official formula.
 */
export async function scorecardReport(
  pool: Pool,
  q: ReportQuery,
  scope: ReportScope | null,
): Promise<ScorecardReport> {
  const config = scorecardConfigFor(q.from);
  const { start, end } = periodBounds(q);
  const sql = new SqlParams();
  const s = sql.p(new Date(start).toISOString());
  const e = sql.p(new Date(end).toISOString());
  const where = [
    `coalesce(v.completed_at, v.returned_at) >= ${s} AND coalesce(v.completed_at, v.returned_at) < ${e}`,
    ...dossierConditions(q, scope, sql, { stepAgency: true }),
  ];
  const { rows } = await pool.query<Row>(
    `WITH visits AS (
       SELECT v.* FROM report_step_visits v JOIN report_dossiers d ON d.code = v.code ${whereSql(where)}
     ), per_visit AS (
       SELECT agency_code,
              count(*) FILTER (WHERE completed_at IS NOT NULL AND NOT excluded_from_limit) AS judged,
              count(*) FILTER (WHERE outcome IN ('early', 'on-time')) AS in_time,
              count(*) FILTER (WHERE outcome = 'late') AS late_steps,
              count(*) AS visits,
              count(*) FILTER (WHERE visit > 1) AS reworked
         FROM visits GROUP BY agency_code
     ), per_dossier AS (
       SELECT x.agency_code, x.code, x.made_late,
              x.agency_code = ANY(d.apologised_in_time_agencies) AS apologised,
              x.agency_code = ANY(d.supplement_agencies) AS asked,
              x.agency_code = ANY(d.repeated_supplement_agencies) AS asked_again
         FROM (SELECT agency_code, code, bool_or(outcome = 'late') AS made_late FROM visits GROUP BY agency_code, code) x
         JOIN report_dossiers d ON d.code = x.code
     )
     SELECT p.agency_code, p.judged, p.in_time, p.late_steps, p.visits, p.reworked,
            count(*) FILTER (WHERE d.made_late) AS late_dossiers,
            count(*) FILTER (WHERE d.made_late AND d.apologised) AS apologised_in_time,
            count(*) FILTER (WHERE d.asked) AS supplement_dossiers,
            count(*) FILTER (WHERE d.asked_again) AS repeated_supplements
       FROM per_visit p JOIN per_dossier d USING (agency_code)
      GROUP BY p.agency_code, p.judged, p.in_time, p.late_steps, p.visits, p.reworked`,
    sql.values,
  );
  const w = config.components;
  const component = (
    weight: number,
    value: number | null,
    basis: Record<string, number>,
  ): ScorecardComponent => ({
    weight,
    value,
    points: round(weight * (value ?? 1), 2),
    basis,
  });
  const agencies = rows.map((r): AgencyScore => {
    const n = (v: string) => Number(v);
    const onTime = component(w.onTime, share(n(r.in_time), n(r.judged)), {
      judged: n(r.judged),
      inTime: n(r.in_time),
    });
    const apologies = component(w.apologies, share(n(r.apologised_in_time), n(r.late_dossiers)), {
      lateDossiers: n(r.late_dossiers),
      apologisedInTime: n(r.apologised_in_time),
    });
    const repeated = share(n(r.repeated_supplements), n(r.supplement_dossiers));
    const singleSupplement = component(
      w.singleSupplement,
      repeated === null ? null : round(1 - repeated, 4),
      {
        dossiersWithSupplements: n(r.supplement_dossiers),
        askedMoreThanOnce: n(r.repeated_supplements),
      },
    );
    const reworked = share(n(r.reworked), n(r.visits));
    const noRework = component(w.noRework, reworked === null ? null : round(1 - reworked, 4), {
      visits: n(r.visits),
      reworked: n(r.reworked),
    });
    const lateSteps = n(r.late_steps);
    const deduction = Math.min(config.deductions.lateStepCap, lateSteps * config.deductions.perLateStep);
    const sum = onTime.points + apologies.points + singleSupplement.points + noRework.points;
    return {
      agencyCode: r.agency_code,
      score: round(Math.max(0, sum - deduction), 2),
      components: { onTime, apologies, singleSupplement, noRework },
      deductions: { lateSteps: { count: lateSteps, points: round(deduction, 2) } },
    };
  });
  agencies.sort((a, b) => b.score - a.score || a.agencyCode.localeCompare(b.agencyCode));
  return { period: { from: q.from, to: q.to }, config, agencies, definitions: 'docs/reports.md#scorecard' };
}
