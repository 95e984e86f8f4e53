import type { Pool } from 'pg';
import { periodBounds, type ReportQuery } from '../domain/report-query';
import type { ReportScope } from '../summary/report-scope';
import { dossierConditions, round, share, SqlParams, whereSql } from '../shared/report-sql';
import { scorecardConfigFor, type ScorecardConfig } from './scorecard-config';
import { AGENCY_DOSSIERS, rollupCover, rollupSource, VISITS } from '../rollups/report-rollups';

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
 * step visits it ended in the period and the dossiers in which its last visit ended in the period, the
 * deduction for its late steps, and the score; best first. An adaptation of the city's index, not the
 * official formula.
 */
export async function scorecardReport(
  pool: Pool,
  q: ReportQuery,
  scope: ReportScope | null,
): Promise<ScorecardReport> {
  const config = scorecardConfigFor(q.from);
  const { start, end } = periodBounds(q);
  const cover = await rollupCover(pool, start, end);
  const sql = new SqlParams();
  const where = whereSql(dossierConditions(q, scope, sql, { agencyColumn: 'd.agency_code' }));
  // From the monthly rollups where they cover the period, from the facts elsewhere (ADR 0017).
  const { rows } = await pool.query<Row>(
    `WITH per_visit AS (
       SELECT d.agency_code,
              coalesce(sum(d.n) FILTER (WHERE d.judged), 0) AS judged,
              coalesce(sum(d.n) FILTER (WHERE d.outcome IN ('early', 'on-time')), 0) AS in_time,
              coalesce(sum(d.n) FILTER (WHERE d.outcome = 'late'), 0) AS late_steps,
              sum(d.n) AS visits,
              coalesce(sum(d.n) FILTER (WHERE d.reworked), 0) AS reworked
         FROM (${rollupSource(VISITS, cover, sql)}) d ${where}
        GROUP BY d.agency_code
     ), per_dossier AS (
       SELECT d.agency_code,
              coalesce(sum(d.n) FILTER (WHERE d.made_late), 0) AS late_dossiers,
              coalesce(sum(d.n) FILTER (WHERE d.made_late AND d.apologised), 0) AS apologised_in_time,
              coalesce(sum(d.n) FILTER (WHERE d.asked), 0) AS supplement_dossiers,
              coalesce(sum(d.n) FILTER (WHERE d.asked_again), 0) AS repeated_supplements
         FROM (${rollupSource(AGENCY_DOSSIERS, cover, sql)}) d ${where}
        GROUP BY d.agency_code
     )
     SELECT p.agency_code, p.judged, p.in_time, p.late_steps, p.visits, p.reworked,
            coalesce(x.late_dossiers, 0) AS late_dossiers, coalesce(x.apologised_in_time, 0) AS apologised_in_time,
            coalesce(x.supplement_dossiers, 0) AS supplement_dossiers,
            coalesce(x.repeated_supplements, 0) AS repeated_supplements
       FROM per_visit p LEFT JOIN per_dossier x USING (agency_code)`,
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
