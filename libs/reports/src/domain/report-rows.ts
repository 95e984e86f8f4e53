import type { Interval, WorkingTimeCalendar } from '@lien-thong/calendar';
import type { Timeliness } from '@lien-thong/dossier-model';
import type { ReportDossierFacts, StepVisitFacts } from './report-facts';

/** One row of `report_dossiers`: the facts and the working time counted from them. */
export interface ReportDossierRow {
  readonly code: string;
  readonly procedureCode: string;
  readonly procedureVersion: number;
  readonly field: string | null;
  readonly receivingUnitCode: string;
  readonly leadAgencyCode: string | null;
  readonly participantAgencyCodes: readonly string[];
  readonly channel: string;
  readonly receivedAt: string;
  readonly dueAt: string;
  readonly firstAppointmentAt: string;
  readonly appointmentAt: string;
  readonly status: string;
  readonly resultReadyAt: string | null;
  readonly outcome: Timeliness | null;
  readonly returnedAt: string | null;
  readonly endedAt: string | null;
  /** A procedure whose limit is the working day or an immediate result. */
  readonly sameDay: boolean;
  /** Receipt → result ready, in working time, without the pauses and excluded phases (null while running). */
  readonly processingWorkingMs: number | null;
  readonly pausedWorkingMs: number;
  readonly excludedWorkingMs: number;
  /** Working time the result came after the due date (0 when not late; null while running). */
  readonly lateByWorkingMs: number | null;
  readonly apologies: number;
  /** Apologies issued after their notice deadline. */
  readonly apologiesLate: number;
  readonly apologyRequests: number;
  readonly reappointments: number;
  readonly supplements: number;
  readonly returns: number;
  /** Agencies that apologised by their notice deadline (the scorecard's apologies). */
  readonly apologisedInTimeAgencyCodes: readonly string[];
  /** Agencies that asked the applicant for a supplement, and those that asked more than once. */
  readonly supplementAgencyCodes: readonly string[];
  readonly repeatedSupplementAgencyCodes: readonly string[];
}

/** One row of `report_step_visits`. */
export interface ReportStepVisitRow {
  readonly code: string;
  readonly stepId: string;
  readonly visit: number;
  readonly agencyCode: string;
  readonly handedOffAt: string;
  readonly receivedAt: string | null;
  readonly completedAt: string | null;
  readonly returnedAt: string | null;
  readonly deadline: string;
  /** The step's budget in working time, from the procedure version (null when it no longer names the step). */
  readonly budgetMs: number | null;
  /** Handed off → completed (or returned), working time without clock stops; null while open. */
  readonly usedWorkingMs: number | null;
  /** Handed off → received. */
  readonly waitingWorkingMs: number | null;
  /** Received → completed (or returned). */
  readonly workingWorkingMs: number | null;
  /** Working time past the deadline at completion (0 when not late; null while open or not judged). */
  readonly lateByWorkingMs: number | null;
  readonly outcome: Timeliness | null;
  readonly excludedFromLimit: boolean;
  readonly overdue: boolean;
  readonly warnedAt: string | null;
  readonly warningProbability: number | null;
}

export interface ReportRowContext {
  /** The receiving unit's calendar (its hours; the holidays in force). */
  readonly calendar: WorkingTimeCalendar;
  /** From the procedure version the dossier is bound to. */
  readonly field: string | null;
  readonly stepBudgetMs: (stepId: string) => number | null;
}

/**
 * The stored rows of a dossier: its facts, and the working time counted on its unit's calendar. Pure
 * given the calendar: a rebuild under the same holidays gives the same rows.
 */
export function reportRows(
  f: ReportDossierFacts,
  ctx: ReportRowContext,
): { dossier: ReportDossierRow; visits: ReportStepVisitRow[] } {
  const cal = ctx.calendar;
  const t = Date.parse;
  const stops: Interval[] = f.clockStops
    .filter((s) => s.to !== null)
    .map((s) => ({ from: t(s.from), to: t(s.to!) }));
  const stopTime = (kind: 'supplement' | 'excluded') =>
    f.clockStops
      .filter((s) => s.kind === kind && s.to !== null)
      .reduce((sum, s) => sum + cal.workingTimeBetween(t(s.from), t(s.to!)), 0);
  const ready = f.resultReadyAt === null ? null : t(f.resultReadyAt);
  const dossier: ReportDossierRow = {
    code: f.code,
    procedureCode: f.procedureCode,
    procedureVersion: f.procedureVersion,
    field: ctx.field,
    receivingUnitCode: f.receivingUnitCode,
    leadAgencyCode: f.leadAgencyCode,
    participantAgencyCodes: f.participantAgencyCodes,
    channel: f.channel,
    receivedAt: f.receivedAt,
    dueAt: f.dueAt,
    firstAppointmentAt: f.firstAppointmentAt,
    appointmentAt: f.appointmentAt,
    status: f.status,
    resultReadyAt: f.resultReadyAt,
    outcome: f.outcome,
    returnedAt: f.returnedAt,
    endedAt: f.endedAt,
    sameDay: f.limitUnit === 'sameDay' || f.limitUnit === 'immediate',
    processingWorkingMs: ready === null ? null : cal.workingTimeBetween(t(f.receivedAt), ready, stops),
    pausedWorkingMs: stopTime('supplement'),
    excludedWorkingMs: stopTime('excluded'),
    lateByWorkingMs:
      ready === null ? null : ready > t(f.dueAt) ? cal.workingTimeBetween(t(f.dueAt), ready, stops) : 0,
    apologies: f.apologies.length,
    apologiesLate: f.apologies.filter((a) => !a.withinNoticePeriod).length,
    apologyRequests: f.apologyRequests.length,
    reappointments: f.apologies.length,
    supplements: f.supplements.length,
    returns: f.visits.filter((v) => v.returnedAt !== null).length,
    apologisedInTimeAgencyCodes: [
      ...new Set(f.apologies.filter((a) => a.withinNoticePeriod).map((a) => a.agencyCode)),
    ].sort(),
    supplementAgencyCodes: [...new Set(f.supplements.map((s) => s.agencyCode))].sort(),
    repeatedSupplementAgencyCodes: [
      ...new Set(f.supplements.map((s) => s.agencyCode).filter((code, i, all) => all.indexOf(code) !== i)),
    ].sort(),
  };
  return { dossier, visits: f.visits.map((v) => visitRow(f.code, v, cal, stops, ctx)) };
}

function visitRow(
  code: string,
  v: StepVisitFacts,
  cal: WorkingTimeCalendar,
  stops: readonly Interval[],
  ctx: ReportRowContext,
): ReportStepVisitRow {
  const t = Date.parse;
  const end = v.completedAt ?? v.returnedAt;
  const between = (from: string | null, to: string | null) =>
    from === null || to === null ? null : cal.workingTimeBetween(t(from), t(to), stops);
  return {
    code,
    stepId: v.stepId,
    visit: v.visit,
    agencyCode: v.agencyCode,
    handedOffAt: v.handedOffAt,
    receivedAt: v.receivedAt,
    completedAt: v.completedAt,
    returnedAt: v.returnedAt,
    deadline: v.deadline,
    budgetMs: ctx.stepBudgetMs(v.stepId),
    usedWorkingMs: between(v.handedOffAt, end),
    waitingWorkingMs: between(v.handedOffAt, v.receivedAt),
    workingWorkingMs: between(v.receivedAt, end),
    lateByWorkingMs:
      v.completedAt === null || v.excludedFromLimit
        ? null
        : t(v.completedAt) > t(v.deadline)
          ? cal.workingTimeBetween(t(v.deadline), t(v.completedAt), stops)
          : 0,
    outcome: v.outcome,
    excludedFromLimit: v.excludedFromLimit,
    overdue: v.overdue,
    warnedAt: v.warnedAt ?? null,
    warningProbability: v.warningProbability ?? null,
  };
}
