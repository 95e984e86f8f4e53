import type { Pool } from 'pg';
import { dayNumberOf, midnightOf, type WorkingTimeCalendar } from '@lien-thong/calendar';
import type { ReportQuery } from '../domain/report-query';
import type { ReportScope } from '../summary/report-scope';
import { dossierConditions, round, SqlParams, whereSql, WORKING_DAY_MS } from '../shared/report-sql';
import { openVisitRangeSql, runningRangeSql } from '../rollups/report-rollups';

export interface BacklogItem {
  readonly code: string;
  readonly procedureCode: string;
  readonly receivingUnitCode: string;
  /** The agency holding it at the instant; the receiving desk before the transfer. */
  readonly holderAgencyCode: string;
  /** The step held; null while at the desk before the transfer. */
  readonly stepId: string | null;
  /** The step's deadline, else the dossier's due date. */
  readonly deadline: string;
  /** Working days past the deadline at the instant (0 when not overdue). */
  readonly overdueWorkingDays: number;
}

export interface BacklogHolder {
  readonly holderAgencyCode: string;
  readonly inFlight: number;
  readonly overdue: number;
  readonly overdueWorkingDays: { readonly total: number; readonly max: number };
}

export interface BacklogReport {
  readonly asOf: string;
  readonly holders: readonly BacklogHolder[];
  readonly items: readonly BacklogItem[];
  readonly total: { readonly inFlight: number; readonly overdue: number };
  readonly page: { readonly limit: number; readonly offset: number };
  readonly definitions: string;
}

interface Row {
  code: string;
  procedure_code: string;
  receiving_unit_code: string;
  due_at: Date;
  step_id: string | null;
  agency_code: string | null;
  deadline: Date | null;
}

/**
 * The backlog (tồn đọng) at an instant (issue 19): every dossier received and neither finished, stopped
 * nor withdrawn by then, with the agency holding it then (a dossier in parallel branches counts once
 * per holder) and the working days past its deadline, counted on its unit's calendar. By holder, most
 * overdue first; the items are paged (most overdue first).
 */
export async function backlogReport(
  pool: Pool,
  q: ReportQuery,
  scope: ReportScope | null,
  asOf: number,
  calendarFor: (unitCode: string) => Promise<WorkingTimeCalendar>,
): Promise<BacklogReport> {
  const sql = new SqlParams();
  const a = sql.p(new Date(asOf).toISOString());
  const where = [
    // In flight at that instant (received before it, not finished or ended before it): the GiST index.
    `${runningRangeSql('d')} @> ${a}::timestamptz`,
    ...dossierConditions(q, scope, sql),
  ];
  // The dossiers in flight and the visits open at the instant, each from its covering GiST index
  // (migration 0005), joined by code: no row of either table is read.
  const { rows } = await pool.query<Row>(
    `WITH d AS (
       SELECT d.code, d.procedure_code, d.receiving_unit_code, d.due_at FROM report_dossiers d ${whereSql(where)}
     ), v AS (
       SELECT v.code, v.step_id, v.agency_code, v.deadline FROM report_step_visits v
        WHERE ${openVisitRangeSql('v')} @> ${a}::timestamptz
     )
     SELECT d.code, d.procedure_code, d.receiving_unit_code, d.due_at, v.step_id, v.agency_code, v.deadline
       FROM d LEFT JOIN v ON v.code = d.code`,
    sql.values,
  );
  const calendars = new Map<string, Promise<WorkingTimeCalendar>>();
  const calendar = (unit: string) => {
    let c = calendars.get(unit);
    if (!c) calendars.set(unit, (c = calendarFor(unit)));
    return c;
  };
  // Working time from a midnight to the instant, per unit: many deadlines fall after the same midnight.
  const fromMidnight = new Map<string, number>();
  const overdue = async (unit: string, deadline: number): Promise<number> => {
    if (deadline >= asOf) return 0;
    const c = await calendar(unit);
    const midnight = midnightOf(dayNumberOf(deadline) + 1);
    if (midnight >= asOf) return c.workingTimeBetween(deadline, asOf);
    const key = `${unit} ${midnight}`;
    let rest = fromMidnight.get(key);
    if (rest === undefined) fromMidnight.set(key, (rest = c.workingTimeBetween(midnight, asOf)));
    return c.workingTimeBetween(deadline, midnight) + rest;
  };
  const items: BacklogItem[] = [];
  for (const r of rows) {
    const deadline = (r.deadline ?? r.due_at).getTime();
    const overdueMs = await overdue(r.receiving_unit_code, deadline);
    items.push({
      code: r.code,
      procedureCode: r.procedure_code,
      receivingUnitCode: r.receiving_unit_code,
      holderAgencyCode: r.agency_code ?? r.receiving_unit_code,
      stepId: r.step_id,
      deadline: new Date(deadline).toISOString(),
      overdueWorkingDays: round(overdueMs / WORKING_DAY_MS, 2),
    });
  }
  items.sort((x, y) => y.overdueWorkingDays - x.overdueWorkingDays || byCode(x.code, y.code));
  const byHolder = new Map<string, { inFlight: number; overdue: number; total: number; max: number }>();
  for (const item of items) {
    const h = byHolder.get(item.holderAgencyCode) ?? { inFlight: 0, overdue: 0, total: 0, max: 0 };
    h.inFlight += 1;
    if (Date.parse(item.deadline) < asOf) h.overdue += 1;
    h.total += item.overdueWorkingDays;
    h.max = Math.max(h.max, item.overdueWorkingDays);
    byHolder.set(item.holderAgencyCode, h);
  }
  const holders = [...byHolder.entries()]
    .map(([holderAgencyCode, h]) => ({
      holderAgencyCode,
      inFlight: h.inFlight,
      overdue: h.overdue,
      overdueWorkingDays: { total: round(h.total, 2), max: h.max },
    }))
    .sort(
      (x, y) =>
        y.overdueWorkingDays.total - x.overdueWorkingDays.total ||
        byCode(x.holderAgencyCode, y.holderAgencyCode),
    );
  const dossiers = new Set(items.map((i) => i.code));
  const overdueDossiers = new Set(items.filter((i) => Date.parse(i.deadline) < asOf).map((i) => i.code));
  return {
    asOf: new Date(asOf).toISOString(),
    holders,
    items: items.slice(q.page.offset, q.page.offset + q.page.limit),
    total: { inFlight: dossiers.size, overdue: overdueDossiers.size },
    page: q.page,
    definitions: 'docs/reports.md#backlog',
  };
}

/** Codes in the order PostgreSQL's C collation gives them (code points), cheaper than a locale's. */
const byCode = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
