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
    ],
    async handle(recorded: RecordedEvent, tx: PoolClient): Promise<void> {
      if (!isDossierEventType(recorded.type))
        throw new Error(`${recorded.streamName}: unknown event ${recorded.type}`);
      if (recorded.schemaVersion !== DOSSIER_EVENT_SCHEMA_VERSIONS[recorded.type])
        throw new Error(
          `${recorded.streamName}: ${recorded.type} v${recorded.schemaVersion} has no upcaster`,
        );
      const event = { type: recorded.type, data: recorded.data } as DossierEvent;
      const code = recorded.streamName.slice('dossier-'.length);
      const { rows } = await tx.query<{ facts: ReportDossierFacts; last_revision: number }>(
        'SELECT facts, last_revision FROM report_dossiers WHERE code = $1 FOR UPDATE',
        [code],
      );
      // An event already applied (a batch delivered again) changes nothing.
      if (rows[0] && recorded.revision <= rows[0].last_revision) return;
      const facts = evolveReportFacts(rows[0]?.facts ?? null, event);
      if (facts === null) return;
      if (facts === rows[0]?.facts) {
        await tx.query('UPDATE report_dossiers SET last_revision = $2 WHERE code = $1', [
          code,
          recorded.revision,
        ]);
        return;
      }
      await write(tx, facts, recorded.revision, deps);
    },
    async reset(tx: PoolClient): Promise<void> {
      await tx.query('TRUNCATE report_step_visits, report_dossiers');
    },
  };
}

async function write(
  tx: PoolClient,
  facts: ReportDossierFacts,
  revision: number,
  deps: ReportFactsDeps,
): Promise<void> {
  const [calendar, procedure] = await Promise.all([
    deps.calendarFor(facts.receivingUnitCode),
    deps.procedure(facts.procedureCode, facts.procedureVersion),
  ]);
  const { dossier: d, visits } = reportRows(facts, {
    calendar,
    field: procedure.field,
    stepBudgetMs: (stepId) => procedure.steps.find((s) => s.id === stepId)?.budgetMs ?? null,
  });
  await tx.query(
    `INSERT INTO report_dossiers (code, last_revision, facts, procedure_code, procedure_version, field, receiving_unit_code,
       lead_agency_code, participant_agencies, channel, received_at, due_at, first_appointment_at,
       appointment_at, status, result_ready_at, outcome, returned_at, ended_at, same_day,
       processing_working_ms, paused_working_ms, excluded_working_ms, late_by_working_ms, apologies,
       apologies_late, apology_requests, reappointments, supplements, returns)
     VALUES ($1,$30,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22,$23,$24,$25,$26,$27,$28,$29)
     ON CONFLICT (code) DO UPDATE SET last_revision = EXCLUDED.last_revision, facts = EXCLUDED.facts, field = EXCLUDED.field,
       lead_agency_code = EXCLUDED.lead_agency_code, participant_agencies = EXCLUDED.participant_agencies,
       due_at = EXCLUDED.due_at, appointment_at = EXCLUDED.appointment_at, status = EXCLUDED.status,
       result_ready_at = EXCLUDED.result_ready_at, outcome = EXCLUDED.outcome, returned_at = EXCLUDED.returned_at,
       ended_at = EXCLUDED.ended_at, processing_working_ms = EXCLUDED.processing_working_ms,
       paused_working_ms = EXCLUDED.paused_working_ms, excluded_working_ms = EXCLUDED.excluded_working_ms,
       late_by_working_ms = EXCLUDED.late_by_working_ms, apologies = EXCLUDED.apologies,
       apologies_late = EXCLUDED.apologies_late, apology_requests = EXCLUDED.apology_requests,
       reappointments = EXCLUDED.reappointments, supplements = EXCLUDED.supplements, returns = EXCLUDED.returns`,
    [
      d.code,
      JSON.stringify(facts),
      d.procedureCode,
      d.procedureVersion,
      d.field,
      d.receivingUnitCode,
      d.leadAgencyCode,
      d.participantAgencyCodes,
      d.channel,
      d.receivedAt,
      d.dueAt,
      d.firstAppointmentAt,
      d.appointmentAt,
      d.status,
      d.resultReadyAt,
      d.outcome,
      d.returnedAt,
      d.endedAt,
      d.sameDay,
      d.processingWorkingMs,
      d.pausedWorkingMs,
      d.excludedWorkingMs,
      d.lateByWorkingMs,
      d.apologies,
      d.apologiesLate,
      d.apologyRequests,
      d.reappointments,
      d.supplements,
      d.returns,
      revision,
    ],
  );
  await tx.query('DELETE FROM report_step_visits WHERE code = $1', [d.code]);
  for (const v of visits) {
    await tx.query(
      `INSERT INTO report_step_visits (code, step_id, visit, agency_code, handed_off_at, received_at,
         completed_at, returned_at, deadline, budget_ms, used_working_ms, waiting_working_ms,
         working_working_ms, late_by_working_ms, outcome, excluded_from_limit, overdue)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17)`,
      [
        v.code,
        v.stepId,
        v.visit,
        v.agencyCode,
        v.handedOffAt,
        v.receivedAt,
        v.completedAt,
        v.returnedAt,
        v.deadline,
        v.budgetMs,
        v.usedWorkingMs,
        v.waitingWorkingMs,
        v.workingWorkingMs,
        v.lateByWorkingMs,
        v.outcome,
        v.excludedFromLimit,
        v.overdue,
      ],
    );
  }
}
