import type { ReportQuery } from '../domain/report-query';
import type { ReportScope } from '../summary/report-scope';

/** Positional parameters of one statement: `p(value)` adds one and gives its placeholder. */
export class SqlParams {
  readonly values: unknown[] = [];
  p = (value: unknown): string => {
    this.values.push(value);
    return `$${this.values.length}`;
  };
}

/**
 * The conditions on `report_dossiers d` for the report's filters and the caller's scope (every report
 * counts the same dossiers for the same caller). `stepAgency`: a report of step visits `v` filters
 * `agency` on the visit's agency instead of the dossier's participants (`agencyColumn` names that
 * column when it is not `v.agency_code`).
 */
export function dossierConditions(
  q: Pick<ReportQuery, 'filters'>,
  scope: ReportScope | null,
  params: SqlParams,
  options: { readonly stepAgency?: boolean; readonly agencyColumn?: string } = {},
): string[] {
  const { p } = params;
  const where: string[] = [];
  if (q.filters.unit) where.push(`d.receiving_unit_code = ANY(${p(q.filters.unit)})`);
  if (q.filters.agency)
    where.push(
      options.agencyColumn || options.stepAgency
        ? `${options.agencyColumn ?? 'v.agency_code'} = ANY(${p(q.filters.agency)})`
        : `d.participant_agencies && ${p(q.filters.agency)}::text[]`,
    );
  if (q.filters.procedure) where.push(`d.procedure_code = ANY(${p(q.filters.procedure)})`);
  if (q.filters.field) where.push(`d.field = ANY(${p(q.filters.field)})`);
  if (q.filters.channel) where.push(`d.channel = ANY(${p(q.filters.channel)})`);
  if (scope) {
    const visible: string[] = [];
    if (scope.deskUnitCode) visible.push(`d.receiving_unit_code = ${p(scope.deskUnitCode)}`);
    if (scope.participantAgencyCode)
      visible.push(`${p(scope.participantAgencyCode)} = ANY(d.participant_agencies)`);
    where.push(`(${visible.join(' OR ')})`);
  }
  return where;
}

/** `WHERE a AND b`, or nothing. */
export function whereSql(conditions: readonly string[]): string {
  return conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
}

export function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export function share(part: number, whole: number): number | null {
  return whole === 0 ? null : round(part / whole, 4);
}

/** A working day of the usual hours (07:30–11:30, 13:00–17:00): 8 hours of working time. */
export const WORKING_DAY_MS = 8 * 3_600_000;

/** Working milliseconds as working days, 2 decimals; null stays null. */
export function workingDays(ms: number | string | null | undefined): number | null {
  return ms === null || ms === undefined ? null : round(Number(ms) / WORKING_DAY_MS, 2);
}
