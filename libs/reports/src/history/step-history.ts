import type { Pool } from 'pg';

/** Quantiles at every 1 %: what a simulation draws step times from (inverse transform). */
const QUANTILE_STEPS = Array.from({ length: 101 }, (_, i) => i / 100);

/** How one agency performed one step of one procedure version, over the dossiers of a period. */
export interface StepHistoryGroup {
  readonly procedureCode: string;
  readonly procedureVersion: number;
  readonly stepId: string;
  readonly agencyCode: string;
  /** Visits that ended (completed or handed back). */
  readonly visits: number;
  readonly returns: number;
  readonly supplements: number;
  /** Working time used (handed off → ended, without clock stops) per budget: 101 quantiles (0 … 100 %). */
  readonly usedPerBudget: readonly number[] | null;
  /** Dossiers in which the step was visited at least once. */
  readonly dossiers: number;
  /** Working time used by the visits that ended, summed (the agency's load: Little's law). */
  readonly usedWorkingMs: number;
}

/** The dossiers of a procedure received in the period: how many, when, and who held their steps. */
export interface ProcedureHistory {
  readonly procedureCode: string;
  readonly dossiers: number;
  /** Arrivals by hour of the day, Vietnam time (24 counts). */
  readonly byHour: readonly number[];
  /** Dossiers per receiving unit, and per unit the agency that held each step most often. */
  readonly units: readonly {
    readonly unitCode: string;
    readonly dossiers: number;
    readonly holders: Readonly<Record<string, string>>;
  }[];
  /** Dossiers finished in the period's arrivals: early or on time, late (for the record beside a forecast). */
  readonly finished: number;
  readonly finishedInTime: number;
  /** Supplements asked, and the applicant's time they took (working ms, summed). */
  readonly supplements: number;
  readonly pausedWorkingMs: number;
}

export interface StepHistory {
  readonly period: { readonly start: number; readonly end: number };
  readonly groups: readonly StepHistoryGroup[];
  readonly procedures: readonly ProcedureHistory[];
}

/**
 * What the simulation learns from the record (issue 21), read from the reports' analytical read models
 * over the dossiers received in [start, end): per procedure version, step and agency, the working time
 * used per budget as quantiles, the returns and supplements; per procedure the arrivals by hour, the
 * receiving units and who held each step for them, and the supplements' pause. `procedureCodes` null:
 * every procedure (the simulation pools an agency's steps of one kind across procedures).
 */
export async function readStepHistory(
  pool: Pool,
  period: { readonly start: number; readonly end: number },
  procedureCodes: readonly string[] | null,
): Promise<StepHistory> {
  const start = new Date(period.start);
  const end = new Date(period.end);
  const codes = procedureCodes === null ? null : [...procedureCodes];
  const groups = await pool.query<{
    procedure_code: string;
    procedure_version: number;
    step_id: string;
    agency_code: string;
    visits: string;
    returns: string;
    dossiers: string;
    used: string;
    quantiles: number[] | null;
  }>(
    `SELECT d.procedure_code, d.procedure_version, v.step_id, v.agency_code,
            count(*) FILTER (WHERE coalesce(v.completed_at, v.returned_at) IS NOT NULL) AS visits,
            count(*) FILTER (WHERE v.returned_at IS NOT NULL) AS returns,
            count(DISTINCT v.code) AS dossiers,
            coalesce(sum(v.used_working_ms), 0) AS used,
            percentile_cont($4::float8[]) WITHIN GROUP (ORDER BY v.used_working_ms::float8 / v.budget_ms)
              FILTER (WHERE coalesce(v.completed_at, v.returned_at) IS NOT NULL AND v.budget_ms > 0
                        AND v.used_working_ms IS NOT NULL) AS quantiles
       FROM report_step_visits v JOIN report_dossiers d ON d.code = v.code
      WHERE d.received_at >= $1 AND d.received_at < $2 AND ($3::text[] IS NULL OR d.procedure_code = ANY($3))
      GROUP BY 1, 2, 3, 4`,
    [start, end, codes, QUANTILE_STEPS],
  );
  const supplements = await pool.query<{
    procedure_code: string;
    procedure_version: number;
    step_id: string;
    agency_code: string;
    n: string;
  }>(
    `SELECT d.procedure_code, d.procedure_version, s->>'stepId' AS step_id, s->>'agencyCode' AS agency_code, count(*) AS n
       FROM report_dossiers d CROSS JOIN LATERAL jsonb_array_elements(d.facts->'supplements') s
      WHERE d.received_at >= $1 AND d.received_at < $2 AND ($3::text[] IS NULL OR d.procedure_code = ANY($3))
      GROUP BY 1, 2, 3, 4`,
    [start, end, codes],
  );
  const supplementCount = new Map(
    supplements.rows.map((r) => [
      `${r.procedure_code}@${r.procedure_version}/${r.step_id}/${r.agency_code}`,
      Number(r.n),
    ]),
  );
  const procedures = await pool.query<{
    procedure_code: string;
    dossiers: string;
    finished: string;
    in_time: string;
    supplements: string;
    paused: string;
  }>(
    `SELECT procedure_code, count(*) AS dossiers,
            count(*) FILTER (WHERE result_ready_at IS NOT NULL) AS finished,
            count(*) FILTER (WHERE outcome IN ('early', 'on-time')) AS in_time,
            coalesce(sum(supplements), 0) AS supplements,
            coalesce(sum(paused_working_ms) FILTER (WHERE supplements > 0), 0) AS paused
       FROM report_dossiers d
      WHERE received_at >= $1 AND received_at < $2 AND ($3::text[] IS NULL OR procedure_code = ANY($3))
      GROUP BY procedure_code`,
    [start, end, codes],
  );
  const hours = await pool.query<{ procedure_code: string; hour: number; n: string }>(
    `SELECT procedure_code, extract(hour FROM received_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::int AS hour, count(*) AS n
       FROM report_dossiers
      WHERE received_at >= $1 AND received_at < $2 AND ($3::text[] IS NULL OR procedure_code = ANY($3))
      GROUP BY 1, 2`,
    [start, end, codes],
  );
  const units = await pool.query<{ procedure_code: string; unit: string; dossiers: string }>(
    `SELECT procedure_code, receiving_unit_code AS unit, count(*) AS dossiers
       FROM report_dossiers
      WHERE received_at >= $1 AND received_at < $2 AND ($3::text[] IS NULL OR procedure_code = ANY($3))
      GROUP BY 1, 2`,
    [start, end, codes],
  );
  const holders = await pool.query<{
    procedure_code: string;
    unit: string;
    step_id: string;
    agency_code: string;
  }>(
    `SELECT DISTINCT ON (d.procedure_code, d.receiving_unit_code, v.step_id)
            d.procedure_code, d.receiving_unit_code AS unit, v.step_id, v.agency_code
       FROM report_step_visits v JOIN report_dossiers d ON d.code = v.code
      WHERE d.received_at >= $1 AND d.received_at < $2 AND ($3::text[] IS NULL OR d.procedure_code = ANY($3))
      GROUP BY 1, 2, 3, 4
      ORDER BY d.procedure_code, d.receiving_unit_code, v.step_id, count(*) DESC, v.agency_code`,
    [start, end, codes],
  );
  const byHour = new Map<string, number[]>();
  for (const r of hours.rows) {
    const list = byHour.get(r.procedure_code) ?? Array.from({ length: 24 }, () => 0);
    list[r.hour] = Number(r.n);
    byHour.set(r.procedure_code, list);
  }
  return {
    period,
    groups: groups.rows.map((r) => ({
      procedureCode: r.procedure_code,
      procedureVersion: r.procedure_version,
      stepId: r.step_id,
      agencyCode: r.agency_code,
      visits: Number(r.visits),
      returns: Number(r.returns),
      supplements:
        supplementCount.get(`${r.procedure_code}@${r.procedure_version}/${r.step_id}/${r.agency_code}`) ?? 0,
      usedPerBudget: r.quantiles,
      dossiers: Number(r.dossiers),
      usedWorkingMs: Number(r.used),
    })),
    procedures: procedures.rows.map((r) => ({
      procedureCode: r.procedure_code,
      dossiers: Number(r.dossiers),
      byHour: byHour.get(r.procedure_code) ?? Array.from({ length: 24 }, () => 0),
      units: units.rows
        .filter((u) => u.procedure_code === r.procedure_code)
        .map((u) => ({
          unitCode: u.unit,
          dossiers: Number(u.dossiers),
          holders: Object.fromEntries(
            holders.rows
              .filter((h) => h.procedure_code === r.procedure_code && h.unit === u.unit)
              .map((h) => [h.step_id, h.agency_code]),
          ),
        })),
      finished: Number(r.finished),
      finishedInTime: Number(r.in_time),
      supplements: Number(r.supplements),
      pausedWorkingMs: Number(r.paused),
    })),
  };
}
