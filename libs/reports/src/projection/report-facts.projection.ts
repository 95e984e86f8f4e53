import type { PoolClient } from 'pg';
import type { WorkingTimeCalendar } from '@lien-thong/calendar';
import type { RecordedEvent } from '@lien-thong/event-store';
import type { Projection } from '@lien-thong/projections';
import {
  DOSSIER_EVENT_SCHEMA_VERSIONS,
  isDossierEventType,
  type DossierEvent,
} from '@lien-thong/dossier-model';
import { evolveReportFacts, type ReportDossierFacts } from '../domain/report-facts';
import { reportRows } from '../domain/report-rows';
import {
  LATE,
  markDirtyMonths,
  monthOfSql,
  openVisitRangeSql,
  rollupMigrationSql,
  runningRangeSql,
  rollupTablesSql,
  RUNNING,
  ROLLUP_TABLES,
  type RunningSpan,
} from '../rollups/report-rollups';

export const REPORT_FACTS_PROJECTION = 'report-facts';

/** What the report projection reads besides the events: the unit's calendar and the procedure version. */
export interface ReportFactsDeps {
  calendarFor(unitCode: string): Promise<WorkingTimeCalendar>;
  procedure(
    code: string,
    version: number,
  ): Promise<{
    readonly field: string;
    readonly steps: readonly { readonly id: string; readonly budgetMs: number }[];
  }>;
}

/**
 * The analytical read models (issue 19): `report_dossiers`, one row per dossier with its figures, and
 * `report_step_visits`, one row per visit of a step by its agency. Each event of a dossier folds into
 * its facts (kept as JSON beside the row) and the rows are written again from them: replaying every
 * event from the first gives the same rows, under the same calendar.
 */
export function reportFactsProjection(deps: ReportFactsDeps): Projection {
  return {
    name: REPORT_FACTS_PROJECTION,
    filter: { categories: ['dossier'] },
    migrations: [
      {
        id: '0001-report-facts',
        sql: `CREATE TABLE report_dossiers (
                code                   text PRIMARY KEY,
                last_revision          integer NOT NULL,
                facts                  jsonb NOT NULL,
                procedure_code         text NOT NULL,
                procedure_version      integer NOT NULL,
                field                  text,
                receiving_unit_code    text NOT NULL,
                lead_agency_code       text,
                participant_agencies   text[] NOT NULL,
                channel                text NOT NULL,
                received_at            timestamptz NOT NULL,
                due_at                 timestamptz NOT NULL,
                first_appointment_at   timestamptz NOT NULL,
                appointment_at         timestamptz NOT NULL,
                status                 text NOT NULL,
                result_ready_at        timestamptz,
                outcome                text,
                returned_at            timestamptz,
                ended_at               timestamptz,
                same_day               boolean NOT NULL,
                processing_working_ms  bigint,
                paused_working_ms      bigint NOT NULL,
                excluded_working_ms    bigint NOT NULL,
                late_by_working_ms     bigint,
                apologies              integer NOT NULL,
                apologies_late         integer NOT NULL,
                apology_requests       integer NOT NULL,
                reappointments         integer NOT NULL,
                supplements            integer NOT NULL,
                returns                integer NOT NULL
              );
              CREATE INDEX report_dossiers_received ON report_dossiers (received_at);
              CREATE INDEX report_dossiers_ready ON report_dossiers (result_ready_at);
              CREATE INDEX report_dossiers_unit ON report_dossiers (receiving_unit_code, received_at);
              CREATE INDEX report_dossiers_participants ON report_dossiers USING gin (participant_agencies);
              CREATE TABLE report_step_visits (
                code                text NOT NULL REFERENCES report_dossiers (code) ON DELETE CASCADE,
                step_id             text NOT NULL,
                visit               integer NOT NULL,
                agency_code         text NOT NULL,
                handed_off_at       timestamptz NOT NULL,
                received_at         timestamptz,
                completed_at        timestamptz,
                returned_at         timestamptz,
                deadline            timestamptz NOT NULL,
                budget_ms           bigint,
                used_working_ms     bigint,
                waiting_working_ms  bigint,
                working_working_ms  bigint,
                late_by_working_ms  bigint,
                outcome             text,
                excluded_from_limit boolean NOT NULL,
                overdue             boolean NOT NULL,
                PRIMARY KEY (code, step_id, visit)
              );
              CREATE INDEX report_step_visits_agency ON report_step_visits (agency_code, handed_off_at);`,
      },
      {
        // The scorecard's per-agency facts as columns (it read each dossier's JSON before); the rows
        // stored before lack them: the read model is rebuilt from the first event.
        id: '0002-report-dossiers-agency-facts',
        sql: `ALTER TABLE report_dossiers
                ADD COLUMN apologised_in_time_agencies text[] NOT NULL DEFAULT '{}',
                ADD COLUMN supplement_agencies text[] NOT NULL DEFAULT '{}',
                ADD COLUMN repeated_supplement_agencies text[] NOT NULL DEFAULT '{}';
              TRUNCATE report_step_visits, report_dossiers;
              UPDATE projection_checkpoints SET position = 0, events_applied = 0, updated_at = now()
               WHERE name = '${REPORT_FACTS_PROJECTION}'`,
      },
      {
        // Monthly rollups (ADR 0017): every month with facts is dirty, so the refresher computes them all.
        id: '0003-report-rollups',
        sql: `${rollupMigrationSql()}
              INSERT INTO report_dirty_months (month)
              SELECT DISTINCT m FROM (
                SELECT ${monthOfSql('received_at')} AS m FROM report_dossiers
                UNION SELECT ${monthOfSql('result_ready_at')} FROM report_dossiers WHERE result_ready_at IS NOT NULL
                UNION SELECT ${monthOfSql('coalesce(completed_at, returned_at)')} FROM report_step_visits
                 WHERE coalesce(completed_at, returned_at) IS NOT NULL) x`,
      },
      {
        // The late report's totals and the dossiers in flight at each month's end as rollups too (ADR 0017),
        // and the index the late list's first page reads in its order. Every month refreshed before is
        // dirty again, and so is every month a dossier was in flight through, so the new rollups fill.
        id: '0004-report-rollups-late-running',
        sql: `${rollupTablesSql([LATE, RUNNING])}
              CREATE INDEX report_dossiers_late_due ON report_dossiers (due_at, code) WHERE outcome = 'late';
              INSERT INTO report_dirty_months (month)
              SELECT DISTINCT m FROM (
                SELECT month AS m FROM report_rollup_months
                UNION SELECT generate_series(${monthOfSql('received_at')},
                                             ${monthOfSql('least(coalesce(least(result_ready_at, ended_at), now()), now())')},
                                             interval '1 month')::date
                  FROM report_dossiers) x
              WHERE m IS NOT NULL
              ON CONFLICT (month) DO UPDATE SET version = report_dirty_months.version + 1`,
      },
      {
        // The backlog at any instant from the indexes alone (index-only scans, issue 19): the dossiers in
        // flight, with the columns it lists, and the step visits open then, with their holder.
        id: '0005-report-running-covering-indexes',
        sql: `DROP INDEX report_dossiers_running;
              CREATE INDEX report_dossiers_running ON report_dossiers USING gist (${runningRangeSql()})
                INCLUDE (received_at, result_ready_at, ended_at, code, procedure_code, receiving_unit_code, due_at);
              CREATE INDEX report_step_visits_open ON report_step_visits USING gist (${openVisitRangeSql()})
                INCLUDE (handed_off_at, completed_at, returned_at, code, step_id, agency_code, deadline);`,
      },
      {
        // The early warning (issue 21): when a visit was warned that it would run late, and how likely.
        // No rebuild: no StepLatenessWarned event was recorded before this version.
        id: '0006-report-step-visit-warnings',
        sql: `ALTER TABLE report_step_visits ADD COLUMN warned_at timestamptz, ADD COLUMN warning_probability real;
              CREATE INDEX report_step_visits_warned ON report_step_visits (warned_at) WHERE warned_at IS NOT NULL;`,
      },
    ],
    handle(recorded: RecordedEvent, tx: PoolClient): Promise<void> {
      return apply([recorded], tx, deps);
    },
    handleBatch(events: readonly RecordedEvent[], tx: PoolClient): Promise<void> {
      return apply(events, tx, deps);
    },
    async reset(tx: PoolClient): Promise<void> {
      await tx.query(`TRUNCATE report_step_visits, report_dossiers, ${ROLLUP_TABLES.join(', ')}`);
    },
  };
}

const DOSSIER_COLUMNS = `code text, last_revision integer, facts jsonb, procedure_code text,
  procedure_version integer, field text, receiving_unit_code text, lead_agency_code text,
  participant_agencies text[], channel text, received_at timestamptz, due_at timestamptz,
  first_appointment_at timestamptz, appointment_at timestamptz, status text, result_ready_at timestamptz,
  outcome text, returned_at timestamptz, ended_at timestamptz, same_day boolean,
  processing_working_ms bigint, paused_working_ms bigint, excluded_working_ms bigint,
  late_by_working_ms bigint, apologies integer, apologies_late integer, apology_requests integer,
  reappointments integer, supplements integer, returns integer, apologised_in_time_agencies text[],
  supplement_agencies text[], repeated_supplement_agencies text[]`;
const VISIT_COLUMNS = `code text, step_id text, visit integer, agency_code text, handed_off_at timestamptz,
  received_at timestamptz, completed_at timestamptz, returned_at timestamptz, deadline timestamptz,
  budget_ms bigint, used_working_ms bigint, waiting_working_ms bigint, working_working_ms bigint,
  late_by_working_ms bigint, outcome text, excluded_from_limit boolean, overdue boolean,
  warned_at timestamptz, warning_probability real`;
const names = (columns: string) => columns.split(',').map((c) => c.trim().split(/\s+/)[0]!);

/**
 * Applies events in position order: one read of the dossiers they touch, their facts folded in memory
 * (an event at or below a dossier's last revision is one already applied, and changes nothing), then
 * one upsert of the changed dossiers and one rewrite of their step visits. The same rows whatever the
 * batches (tested).
 */
async function apply(events: readonly RecordedEvent[], tx: PoolClient, deps: ReportFactsDeps): Promise<void> {
  const codes = [...new Set(events.map((e) => e.streamName.slice('dossier-'.length)))];
  const { rows } = await tx.query<{
    code: string;
    facts: ReportDossierFacts;
    last_revision: number;
    received_at: Date;
    result_ready_at: Date | null;
    ended_at: Date | null;
  }>(
    `SELECT code, facts, last_revision, received_at, result_ready_at, ended_at FROM report_dossiers
      WHERE code = ANY($1) ORDER BY code FOR UPDATE`,
    [codes],
  );
  const stored = new Map(rows.map((r) => [r.code, r]));
  const current = new Map<
    string,
    { facts: ReportDossierFacts | null; revision: number; changed: boolean; touched: boolean }
  >();
  for (const code of codes) {
    const row = stored.get(code);
    current.set(code, {
      facts: row?.facts ?? null,
      revision: row?.last_revision ?? -1,
      changed: false,
      touched: false,
    });
  }
  for (const recorded of events) {
    if (!isDossierEventType(recorded.type))
      throw new Error(`${recorded.streamName}: unknown event ${recorded.type}`);
    if (recorded.schemaVersion !== DOSSIER_EVENT_SCHEMA_VERSIONS[recorded.type])
      throw new Error(`${recorded.streamName}: ${recorded.type} v${recorded.schemaVersion} has no upcaster`);
    const entry = current.get(recorded.streamName.slice('dossier-'.length))!;
    if (recorded.revision <= entry.revision) continue;
    const next = evolveReportFacts(entry.facts, { type: recorded.type, data: recorded.data } as DossierEvent);
    if (next === null) continue;
    entry.changed ||= next !== entry.facts;
    entry.touched = true;
    entry.facts = next;
    entry.revision = recorded.revision;
  }
  const dossiers: Record<string, unknown>[] = [];
  const visits: Record<string, unknown>[] = [];
  const revisionsOnly: { code: string; revision: number }[] = [];
  for (const [code, entry] of current) {
    if (!entry.touched || entry.facts === null) continue;
    if (!entry.changed && stored.has(code)) {
      revisionsOnly.push({ code, revision: entry.revision });
      continue;
    }
    const rows = await rowsOf(entry.facts, entry.revision, deps);
    dossiers.push(rows.dossier);
    visits.push(...rows.visits);
  }
  if (revisionsOnly.length > 0)
    await tx.query(
      `UPDATE report_dossiers d SET last_revision = x.revision
         FROM unnest($1::text[], $2::int[]) AS x(code, revision) WHERE d.code = x.code`,
      [revisionsOnly.map((r) => r.code), revisionsOnly.map((r) => r.revision)],
    );
  if (dossiers.length === 0) return;
  const dossierNames = names(DOSSIER_COLUMNS);
  await tx.query(
    `INSERT INTO report_dossiers (${dossierNames.join(', ')})
     SELECT ${dossierNames.join(', ')} FROM jsonb_to_recordset($1::jsonb) AS x(${DOSSIER_COLUMNS})
     ON CONFLICT (code) DO UPDATE SET ${dossierNames
       .filter((n) => n !== 'code')
       .map((n) => `${n} = EXCLUDED.${n}`)
       .join(', ')}`,
    [JSON.stringify(dossiers)],
  );
  const { rows: ended } = await tx.query<{ ended: Date | null }>(
    'DELETE FROM report_step_visits WHERE code = ANY($1) RETURNING coalesce(completed_at, returned_at) AS ended',
    [dossiers.map((d) => d.code)],
  );
  // The months whose rollups these rows counted in before, and count in now (ADR 0017): the instants of
  // the flows, and the months in flight of the snapshots.
  const spans: RunningSpan[] = [];
  const span = (from: Date | string, ready: Date | string | null, ended: Date | string | null) => {
    const ends = [ready, ended]
      .filter((x): x is Date | string => x !== null)
      .map((x) => new Date(x).getTime());
    spans.push({ from, to: ends.length > 0 ? new Date(Math.min(...ends)) : null });
  };
  for (const d of dossiers) {
    const old = stored.get(d.code as string);
    if (old) span(old.received_at, old.result_ready_at, old.ended_at);
    span(
      d.received_at as string,
      (d.result_ready_at as string | null) ?? null,
      (d.ended_at as string | null) ?? null,
    );
  }
  await markDirtyMonths(
    tx,
    [
      ...ended.map((r) => r.ended),
      ...dossiers.flatMap((d) => {
        const old = stored.get(d.code as string);
        return [old?.received_at ?? null, old?.result_ready_at ?? null];
      }),
      ...dossiers.flatMap((d) => [d.received_at as string, (d.result_ready_at as string | null) ?? null]),
      ...visits.map((v) => ((v.completed_at ?? v.returned_at) as string | null) ?? null),
    ],
    spans,
  );
  if (visits.length > 0) {
    const visitNames = names(VISIT_COLUMNS);
    await tx.query(
      `INSERT INTO report_step_visits (${visitNames.join(', ')})
       SELECT ${visitNames.join(', ')} FROM jsonb_to_recordset($1::jsonb) AS x(${VISIT_COLUMNS})`,
      [JSON.stringify(visits)],
    );
  }
}

/** A dossier's stored rows, in the tables' column names. */
async function rowsOf(
  facts: ReportDossierFacts,
  revision: number,
  deps: ReportFactsDeps,
): Promise<{ dossier: Record<string, unknown>; visits: Record<string, unknown>[] }> {
  const [calendar, procedure] = await Promise.all([
    deps.calendarFor(facts.receivingUnitCode),
    deps.procedure(facts.procedureCode, facts.procedureVersion),
  ]);
  const { dossier: d, visits } = reportRows(facts, {
    calendar,
    field: procedure.field,
    stepBudgetMs: (stepId) => procedure.steps.find((s) => s.id === stepId)?.budgetMs ?? null,
  });
  return {
    dossier: {
      code: d.code,
      last_revision: revision,
      facts,
      procedure_code: d.procedureCode,
      procedure_version: d.procedureVersion,
      field: d.field,
      receiving_unit_code: d.receivingUnitCode,
      lead_agency_code: d.leadAgencyCode,
      participant_agencies: d.participantAgencyCodes,
      channel: d.channel,
      received_at: d.receivedAt,
      due_at: d.dueAt,
      first_appointment_at: d.firstAppointmentAt,
      appointment_at: d.appointmentAt,
      status: d.status,
      result_ready_at: d.resultReadyAt,
      outcome: d.outcome,
      returned_at: d.returnedAt,
      ended_at: d.endedAt,
      same_day: d.sameDay,
      processing_working_ms: d.processingWorkingMs,
      paused_working_ms: d.pausedWorkingMs,
      excluded_working_ms: d.excludedWorkingMs,
      late_by_working_ms: d.lateByWorkingMs,
      apologies: d.apologies,
      apologies_late: d.apologiesLate,
      apology_requests: d.apologyRequests,
      reappointments: d.reappointments,
      supplements: d.supplements,
      returns: d.returns,
      apologised_in_time_agencies: d.apologisedInTimeAgencyCodes,
      supplement_agencies: d.supplementAgencyCodes,
      repeated_supplement_agencies: d.repeatedSupplementAgencyCodes,
    },
    visits: visits.map((v) => ({
      code: v.code,
      step_id: v.stepId,
      visit: v.visit,
      agency_code: v.agencyCode,
      handed_off_at: v.handedOffAt,
      received_at: v.receivedAt,
      completed_at: v.completedAt,
      returned_at: v.returnedAt,
      deadline: v.deadline,
      budget_ms: v.budgetMs,
      used_working_ms: v.usedWorkingMs,
      waiting_working_ms: v.waitingWorkingMs,
      working_working_ms: v.workingWorkingMs,
      late_by_working_ms: v.lateByWorkingMs,
      outcome: v.outcome,
      excluded_from_limit: v.excludedFromLimit,
      overdue: v.overdue,
      warned_at: v.warnedAt,
      warning_probability: v.warningProbability,
    })),
  };
}
