import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { temporal as proto } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import type { Pool } from 'pg';
import { TASK_QUEUES, type CoordinationNotice, type SentCoordinationNotice } from '@lien-thong/contracts';
import { EVENT_STORE, type EventStore } from '@lien-thong/event-store';
import { PG_POOL } from '@lien-thong/postgres';
import { ProjectionRunner } from '@lien-thong/projections';
import { TEST_PROCEDURES } from '@lien-thong/procedures';
import { allProjections } from '../../apps/worker/src/projections';
import { bundleWorkflowsOnce } from '../setup/temporal-test-env';
import { startApiTestApp, type ApiTestApp, AGENCY_STAFF } from '../support/api-test-app';
import { inProcessCoordination } from '../support/in-process-coordination';
import { until } from '../support/until';

/**
 * Reminders, the apology request before the due date, the one re-appointment and the escalation, and
 * holiday decisions reaching running workflows: real Temporal dev server, real PostgreSQL, the
 * production workflow bundle, process managers on the projection runner. Test procedures have budgets
 * of seconds on the always-open calendar; 9.000001 gives its apology notice as 12 s instead of a
 * working day.
 */
const DESK = '000.00.71.H29';
const POLICE = '000.00.72.H29';

interface StoredEvent {
  revision: number;
  type: string;
  data: Record<string, unknown>;
}
interface Delivered extends CoordinationNotice {
  readonly dossierCode: string;
  readonly deliveredAt: number;
}

describe('coordination notices, apology and calendar changes (budgets of seconds, always-open calendar)', () => {
  let t: ApiTestApp;
  let runner: ProjectionRunner;
  let worker: Worker;
  let running: Promise<void>;
  const delivered: Delivered[] = [];
  const http = () => t.http();

  const events = async (code: string): Promise<StoredEvent[]> =>
    (
      await t.db.pool.query<StoredEvent>(
        'SELECT revision::int AS revision, type, data FROM events WHERE stream_name = $1 ORDER BY revision',
        [`dossier-${code}`],
      )
    ).rows;

  const eventOf = (code: string, type: string, stepId?: string) =>
    until(`${type}${stepId ? ` ${stepId}` : ''} on ${code}`, async () =>
      (await events(code)).find((e) => e.type === type && (stepId === undefined || e.data.stepId === stepId)),
    );
  const noticeOf = (code: string, kind: CoordinationNotice['kind']) =>
    until(`a ${kind} notice for ${code}`, () =>
      delivered.find((n) => n.dossierCode === code && n.kind === kind),
    );

  async function receive(procedureCode: string, stepOwners: Record<string, string>): Promise<string> {
    const res = await t
      .as('reception-officer', DESK, 'can-bo-1')
      .post('/dossiers')
      .send({
        procedureCode,
        channel: 'online',
        receivingUnitCode: DESK,
        applicantCommuneCode: DESK,
        stepOwners,
        applicant: { fullName: 'Phạm Văn Thử', address: '1 Hàm Nghi', idNumber: '079000000001' },
        documents: [],
      })
      .expect(201);
    return res.body.dossierCode as string;
  }
  const act = (code: string, path: string, agency: string, body: object = {}) =>
    t
      .as(AGENCY_STAFF, agency)
      .post(`/dossiers/${code}${path}`)
      .send({ agencyCode: agency, ...body });

  beforeAll(async () => {
    t = await startApiTestApp('e2e_coordination_notices', {
      overrides: { seed: 'sample', calendar: 'always-open' },
    });
    for (const procedure of TEST_PROCEDURES) {
      await t.as('procedure-designer', null, 'designer').post('/procedures').send(procedure).expect(201);
      await t
        .as('procedure-designer', null, 'designer')
        .post(`/procedures/${procedure.code}/versions`)
        .expect(201);
    }
    const coordination = inProcessCoordination(t.app, {
      notices: { reminderShare: 0.8 },
      sendNotice: (dossierCode, notice) =>
        delivered.push({ ...notice, dossierCode, deliveredAt: Date.now() }),
    });
    runner = new ProjectionRunner(
      t.app.get<EventStore>(EVENT_STORE),
      t.app.get<Pool>(PG_POOL),
      allProjections({ temporal: t.temporal.client, recomputeDeadlines: coordination.recomputeDeadlines }),
      { retryDelayMs: 50 },
    );
    await runner.start();
    worker = await Worker.create({
      connection: t.temporal.nativeConnection,
      namespace: 'default',
      taskQueue: TASK_QUEUES.dossiers,
      workflowBundle: await bundleWorkflowsOnce(),
      activities: coordination.activities,
    });
    running = worker.run();
  });
  afterAll(async () => {
    worker?.shutdown();
    await running;
    await runner?.stop();
    await t?.close();
  });

  it('reminds the holder at 80 % of the budget, asks the late agency for an apology before the due date; one re-appointment, the second refused; escalation when the new appointment passes; a withdrawal ends the workflow', async () => {
    const code = await receive('9.000001', { b: POLICE });
    const handoff = await eventOf(code, 'StepHandedOff', 'a');
    await act(code, '/steps/a/receive', DESK).expect(200);
    const from = Date.parse(handoff.data.handedOffAt as string);
    const deadline = Date.parse(handoff.data.deadline as string);

    // The desk holds step a: reminded at 80 % of its 4-second budget, then marked overdue at the deadline.
    const reminder = await noticeOf(code, 'step-reminder');
    expect(reminder).toMatchObject({ stepId: 'a', agencyCodes: [DESK], deadline: handoff.data.deadline });
    expect(reminder.at).toBe(from + Math.floor((deadline - from) * 0.8));
    expect(reminder.deliveredAt).toBeGreaterThanOrEqual(reminder.at);
    expect(reminder.deliveredAt).toBeLessThan(deadline);
    await eventOf(code, 'StepOverdue', 'a');

    // Step a ran late, and the 16 s left no longer cover steps b, c and the return (12 s) plus the notice
    // (12 s): the desk, which let it run late, is asked for an apology at once (Decree 61/2018 art. 19).
    const received = (await events(code))[0]!;
    const apologyRequest = await noticeOf(code, 'apology-requested');
    const { state } = (await http().get(`/dossiers/${code}`).expect(200)).body as {
      state: { dueAt: string };
    };
    expect(apologyRequest).toMatchObject({ agencyCodes: [DESK], deadline: state.dueAt });
    // Planned for step a's deadline (the round that finds the step late plans it for its own instant).
    expect(apologyRequest.at).toBeGreaterThanOrEqual(deadline);
    expect(apologyRequest.at).toBeLessThan(Date.parse(state.dueAt) - 12_000);
    expect(apologyRequest.deliveredAt).toBeGreaterThanOrEqual(apologyRequest.at);
    expect(received.type).toBe('DossierReceived');

    // The desk's inbox shows the request on the step it holds, with the time to answer by.
    const respondBy = Date.parse(state.dueAt) - 12_000;
    const row = await until('the apology request in the inbox', async () => {
      const inbox = await http().get(`/agencies/${DESK}/inbox`).expect(200);
      return (inbox.body.items as { dossierCode: string; apologyRespondBy: string | null }[]).find(
        (i) => i.dossierCode === code && i.apologyRespondBy !== null,
      );
    });
    expect(Date.parse(row.apologyRespondBy!)).toBe(respondBy);

    // The workflow shows what it sent (Temporal query), each notice once.
    const handle = t.temporal.client.workflow.getHandle(code);
    const sent = await handle.query<readonly SentCoordinationNotice[]>('coordinationNotices');
    expect(sent.map((n) => n.kind)).toEqual(['step-reminder', 'apology-requested']);

    // The apology re-sets the appointment once; a second is refused by the decider.
    const newAppointment = new Date(Date.parse(state.dueAt) + 4_000).toISOString();
    await act(code, '/apology', DESK, {
      reason: 'Cần xác minh thêm',
      newAppointmentAt: newAppointment,
    }).expect(200);
    const second = await act(code, '/apology', DESK, {
      reason: 'Lại chậm',
      newAppointmentAt: new Date(Date.now() + 60_000).toISOString(),
    });
    expect(second.status).toBe(422);
    expect(second.body.code).toBe('DOSSIER_REAPPOINTMENT_LIMIT_REACHED');

    // Still no result at the new appointment: escalated once, to the agency the directory names as
    // supervising the desk that let its step run late (the city's People's Committee).
    const escalated = await eventOf(code, 'DossierEscalated');
    expect(escalated.data).toMatchObject({
      to: 'supervising-agency',
      toAgencyCode: '000.00.00.H29',
      fromAgencyCode: DESK,
    });
    expect(Date.parse(escalated.data.escalatedAt as string)).toBeGreaterThanOrEqual(
      Date.parse(newAppointment),
    );

    // The applicant withdraws: the pending steps end and the workflow completes.
    await http().post(`/dossiers/${code}/withdrawal`).send({ reason: 'Không cần nữa' }).expect(200);
    await expect(handle.result()).resolves.toBe('withdrawn');
    // `RECORD_WORKFLOW_HISTORIES=1` records the newest committed history workflows/src/dossier/replay.spec.ts
    // replays (notices and local rounds, behind their patch markers). After a new patch, point this at
    // a new file: histories recorded before it stay, so running dossiers keep being checked.
    if (process.env.RECORD_WORKFLOW_HISTORIES === '1')
      writeFileSync(
        path.resolve(
          __dirname,
          '../../workflows/src/dossier/histories/dossier-notices.local-rounds.history.bin',
        ),
        proto.api.history.v1.History.encode(await handle.fetchHistory()).finish(),
      );
    const all = await events(code);
    expect(all.filter((e) => e.type === 'DossierEscalated')).toHaveLength(1);
    expect(all.filter((e) => e.type === 'ApologyIssued')).toHaveLength(1);
    expect(all.filter((e) => e.type === 'StepHandedOff').map((e) => e.data.stepId)).toEqual(['a']);
    // Every notice is part of the dossier's record, once, with the coordinator as its actor.
    const reminders = all.filter((e) => e.type === 'StepReminderSent');
    expect(reminders.map((e) => e.data)).toEqual([
      {
        stepId: 'a',
        agencyCode: DESK,
        deadline: handoff.data.deadline,
        budgetShare: 0.8,
        remindedAt: expect.any(String) as unknown,
      },
    ]);
    expect(Date.parse(reminders[0]!.data.remindedAt as string)).toBeLessThan(deadline);
    const requests = all.filter((e) => e.type === 'ApologyRequested');
    expect(requests.map((e) => e.data)).toEqual([
      expect.objectContaining({ agencyCodes: [DESK], reason: 'step-overdue', dueAt: state.dueAt }),
    ]);
    // The agency has until the procedure's notice (12 s) before the appointment to send form 04.
    expect(Date.parse(requests[0]!.data.respondBy as string)).toBe(respondBy);
    expect(all.findIndex((e) => e.type === 'ApologyRequested')).toBeLessThan(
      all.findIndex((e) => e.type === 'ApologyIssued'),
    );
    expect(delivered.filter((n) => n.dossierCode === code).map((n) => n.key)).toEqual(sent.map((n) => n.key));
  }, 90_000);

  it('tells running dossier workflows when a holiday decision is loaded; they re-plan and record nothing twice', async () => {
    const code = await receive('9.000002', { police: POLICE });
    await eventOf(code, 'StepHandedOff', 'start');
    const handle = t.temporal.client.workflow.getHandle(code);
    const historyBefore = (await handle.fetchHistory()).events?.length ?? 0;
    const decision = {
      year: 2027,
      source: { document: 'Thông báo thử nghiệm', issuer: 'Bộ Nội vụ', issuedOn: '2026-11-15' },
      daysOff: [
        { date: '2027-01-01', reason: 'Tết Dương lịch' },
        { date: '2027-02-05', reason: 'Tết Nguyên đán (29 tháng Chạp)' },
        { date: '2027-02-08', reason: 'Tết Nguyên đán (mùng 3)' },
        { date: '2027-02-09', reason: 'Tết Nguyên đán (mùng 4)' },
        { date: '2027-02-10', reason: 'Nghỉ bù mùng 1 trùng thứ Bảy' },
        { date: '2027-02-11', reason: 'Nghỉ bù mùng 2 trùng Chủ nhật' },
        { date: '2027-02-12', reason: 'Nghỉ hoán đổi Tết' },
        { date: '2027-04-16', reason: 'Giỗ Tổ Hùng Vương' },
        { date: '2027-04-30', reason: 'Ngày Chiến thắng' },
        { date: '2027-05-03', reason: 'Nghỉ bù Quốc tế Lao động' },
        { date: '2027-09-02', reason: 'Quốc khánh' },
        { date: '2027-09-03', reason: 'Quốc khánh (ngày liền kề)' },
      ],
      workingDays: [{ date: '2027-02-20', reason: 'Làm bù cho 12/02' }],
    };
    await t.as('administrator', null, 'admin-1').post('/calendar/decisions').send(decision).expect(201);

    // The calendar process manager signals the running workflow, which plans again at once.
    const signalled = await until('the calendarChanged signal in the workflow history', async () => {
      const history = await handle.fetchHistory();
      const index = (history.events ?? []).findIndex(
        (e) =>
          e.eventType === proto.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED &&
          e.workflowExecutionSignaledEventAttributes?.signalName === 'calendarChanged',
      );
      return index >= 0 ? { index, history } : undefined;
    });
    expect(signalled.index).toBeGreaterThanOrEqual(historyBefore - 1);
    // A round ran after the signal (a local-activity marker later in the history; runs recorded
    // before the local-rounds patch schedule the round as an activity instead)...
    await until('a coordination round after the signal', async () =>
      ((await handle.fetchHistory()).events ?? []).some(
        (e, i) =>
          i > signalled.index && e.markerRecordedEventAttributes?.markerName === 'core_local_activity',
      )
        ? true
        : undefined,
    );
    // ...and recorded nothing twice: deadlines already recorded stay, the dossier goes on.
    await act(code, '/steps/start/receive', DESK).expect(200);
    await act(code, '/steps/start/complete', DESK, { resultSummary: 'xong' }).expect(200);
    await eventOf(code, 'StepHandedOff', 'insurance');
    const all = await events(code);
    expect(
      all
        .filter((e) => e.type === 'StepHandedOff')
        .map((e) => e.data.stepId)
        .sort(),
    ).toEqual(['insurance', 'police', 'start']);
    await http().post(`/dossiers/${code}/withdrawal`).send({ reason: 'Kết thúc kiểm thử' }).expect(200);
    await expect(handle.result()).resolves.toBe('withdrawn');
  }, 60_000);
});
