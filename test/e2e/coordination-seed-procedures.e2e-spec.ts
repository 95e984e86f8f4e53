import { SEED_PROCEDURES } from '@lien-thong/procedures';
import { startApiTestApp, type ApiTestApp, AGENCY_STAFF } from '../support/api-test-app';
import { until } from '../support/until';

/**
 * Every procedure of the sample catalogue runs from intake to result under the coordination workflow:
 * each seed procedure gets a version 2 whose budgets are seconds (the always-open calendar), and
 * simulated agencies act through the HTTP API as soon as a step is handed to them. Checks the graph
 * order (parallel branches, joins), that every step is handed off exactly once to its owner, and for
 * the land procedure that the coordinator itself opens and closes the excluded phase of the step marked
 * `excludedFromLimit` (the applicant paying tax), which moves the due date by exactly its length; that
 * step overruns its own (1-second) period, and still nobody is recorded or shown late for it.
 */
const DESK = '000.00.71.H29';
const POLICE = '000.00.72.H29';
const STEP_SECONDS = 30;
/** The applicant's own period to pay: shorter than the time the test takes to pay. */
const EXCLUDED_STEP_SECONDS = 1;

interface StoredEvent {
  revision: number;
  type: string;
  data: Record<string, unknown>;
  metadata: { actor: { system?: string }; causationId?: string };
}

describe('coordination of the seed procedures (budgets of seconds, always-open calendar)', () => {
  let t: ApiTestApp;
  const http = () => t.http();
  const events = async (code: string): Promise<StoredEvent[]> =>
    (
      await t.db.pool.query<StoredEvent>(
        'SELECT revision::int AS revision, type, data, metadata FROM events WHERE stream_name = $1 ORDER BY revision',
        [`dossier-${code}`],
      )
    ).rows;
  /**
   * An agency action. The coordinator appends to the same stream (a parallel branch handed off at the
   * same moment), so an action can lose the race with a 409 DOSSIER_CHANGED and is simply sent again,
   * as an agency's client would.
   */
  const conflicts: string[] = [];
  async function act(
    code: string,
    path: string,
    agency: string,
    body: object = {},
    asAgency = true,
  ): Promise<void> {
    for (let attempt = 0; ; attempt += 1) {
      const res = await t
        .as(AGENCY_STAFF, agency)
        .post(`/dossiers/${code}${path}`)
        .send(asAgency ? { agencyCode: agency, ...body } : body);
      if (res.status === 200) return;
      if (res.status === 409 && res.body.code === 'DOSSIER_CHANGED' && attempt < 5) {
        conflicts.push(`${code}${path}`);
        continue;
      }
      throw new Error(`${path} on ${code}: ${res.status} ${JSON.stringify(res.body)}`);
    }
  }

  beforeAll(async () => {
    t = await startApiTestApp('e2e_coordination_seed', {
      overrides: { seed: 'sample', calendar: 'always-open' },
      coordination: true,
    });
    for (const p of SEED_PROCEDURES) {
      const inSeconds = {
        ...p,
        statutoryLimit: { unit: 'workingSeconds', amount: STEP_SECONDS * 20 },
        steps: p.steps.map((s) => ({
          ...s,
          budget: {
            unit: 'workingSeconds',
            amount: s.excludedFromLimit ? EXCLUDED_STEP_SECONDS : STEP_SECONDS,
          },
        })),
      };
      await t
        .as('procedure-designer', null, 'designer')
        .put(`/procedures/${p.code}/draft`)
        .send(inSeconds)
        .expect(200);
      await t.as('procedure-designer', null, 'designer').post(`/procedures/${p.code}/versions`).expect(201);
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  /**
   * Agencies that take and finish each step handed to them; the desk returns the result when ready. A
   * step that does not count (`excludedSteps`: the applicant paying tax) takes a while, inside the
   * excluded phase the coordinator opened for it; nobody opens or ends a phase by hand.
   */
  async function drive(code: string, excludedSteps: readonly string[]): Promise<StoredEvent[]> {
    const handled = new Set<string>();
    const deadline = Date.now() + 60_000;
    for (;;) {
      const list = await events(code);
      if (list.some((e) => e.type === 'ResultReturned')) return list;
      if (Date.now() > deadline)
        throw new Error(`${code} did not finish; events: ${list.map((e) => e.type).join(', ')}`);
      for (const e of list) {
        if (e.type === 'ResultReady' && !handled.has('result')) {
          handled.add('result');
          await http().post(`/dossiers/${code}/result-returned`).send({ channel: 'online' }).expect(200);
        }
        if (e.type !== 'StepHandedOff' || handled.has(`${e.revision}`)) continue;
        handled.add(`${e.revision}`);
        const stepId = e.data.stepId as string;
        const agency = e.data.toAgencyCode as string;
        await act(code, `/steps/${stepId}/receive`, agency);
        if (excludedSteps.includes(stepId)) {
          // The applicant pays the tax, inside the phase the coordinator opened right after the handoff.
          await until(`the coordinator opens the excluded phase of ${stepId} on ${code}`, async () =>
            (await events(code)).some(
              (x) => x.type === 'ExcludedPhaseStarted' && x.data.phaseId === `step:${stepId}`,
            )
              ? true
              : undefined,
          );
          // The desk cannot open a second phase meanwhile: one at a time.
          const second = await t
            .as(AGENCY_STAFF, agency)
            .post(`/dossiers/${code}/excluded-phases/pay-tax/start`)
            .send({ reason: 'Chờ người dân nộp thuế' });
          expect([second.status, second.body.code]).toEqual([409, 'DOSSIER_EXCLUDED_PHASE_OPEN']);
          // Nor end the coordinator's phase, or name one of its own like it: `step:` ids are reserved.
          for (const path of [`step:${stepId}/end`, `step:other/start`]) {
            const reserved = await t
              .as(AGENCY_STAFF, agency)
              .post(`/dossiers/${code}/excluded-phases/${path.replace(':', '%3A')}`)
              .send({ reason: 'Chờ người dân nộp thuế' });
            expect([path, reserved.status, reserved.body.code]).toEqual([
              path,
              422,
              'DOSSIER_EXCLUDED_PHASE_RESERVED',
            ]);
          }
          await new Promise((r) => setTimeout(r, 1_500));
        }
        await act(code, `/steps/${stepId}/complete`, agency, { resultSummary: 'xong' });
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  function checkGraphOrder(
    code: string,
    procedureCode: string,
    list: StoredEvent[],
    owners: Record<string, string>,
  ) {
    const procedure = SEED_PROCEDURES.find((p) => p.code === procedureCode)!;
    const handoffs = list.filter((e) => e.type === 'StepHandedOff');
    // Every step once, by the coordinator, to its owner.
    expect(handoffs.map((e) => e.data.stepId).sort()).toEqual(procedure.steps.map((s) => s.id).sort());
    for (const h of handoffs) {
      expect(h.metadata.actor.system).toBe('coordination');
      const step = procedure.steps.find((s) => s.id === h.data.stepId)!;
      const owner = 'agencyCode' in step.owner ? step.owner.agencyCode : (owners[step.id] ?? DESK);
      expect([code, step.id, h.data.toAgencyCode]).toEqual([code, step.id, owner]);
      // Only after every step it waits for was completed (joins wait for all branches).
      for (const before of step.after) {
        const completed = list.find((e) => e.type === 'StepCompleted' && e.data.stepId === before);
        expect(completed?.revision ?? Infinity).toBeLessThan(h.revision);
      }
    }
    expect(list.filter((e) => e.type === 'ResultReady')).toHaveLength(1);
    expect(list.filter((e) => e.type === 'StepOverdue')).toEqual([]);
  }

  it('runs each seed procedure from intake to result in graph order, every step handed off once to its owner', async () => {
    const owners: Record<string, Record<string, string>> = {
      '1.001193': { 'register-residence': POLICE },
      '2.000986': { 'remove-residence': POLICE },
      '1.012761': {},
      '2.001610': {},
    };
    const codes = new Map<string, string>();
    for (const p of SEED_PROCEDURES) {
      const res = await t
        .as('reception-officer', DESK, 'can-bo-1')
        .post('/dossiers')
        .send({
          procedureCode: p.code,
          channel: p.intakeChannels.includes('online') ? 'online' : 'counter',
          receivingUnitCode: DESK,
          applicantCommuneCode: DESK,
          stepOwners: owners[p.code],
          applicant: { fullName: 'Phạm Văn Thử', address: '1 Hàm Nghi', idNumber: '079000000001' },
          documents: p.requiredDocuments.map((d) => ({
            code: d.code,
            copies: d.copies,
            original: d.original,
          })),
        });
      expect([p.code, res.status, res.status === 201 ? '' : JSON.stringify(res.body)]).toEqual([
        p.code,
        201,
        '',
      ]);
      codes.set(p.code, res.body.dossierCode as string);
    }
    const finished = await Promise.all(
      SEED_PROCEDURES.map(async (p) => {
        const code = codes.get(p.code)!;
        const list = await drive(
          code,
          p.steps.filter((s) => s.excludedFromLimit).map((s) => s.id),
        );
        return { p, code, list };
      }),
    );
    for (const { p, code, list } of finished) {
      checkGraphOrder(code, p.code, list, owners[p.code]!);
      await expect(t.temporal.client.workflow.getHandle(code).result()).resolves.toBe('returned');
    }

    // Agencies acting without If-Match never saw a 409 for the coordinator's concurrent appends: the
    // command service decides again on the new state (the retry above is only a client's safety net).
    expect(conflicts).toEqual([]);

    // Parallel branches were handed off from the same fork; the join came after both.
    const death = finished.find((f) => f.p.code === '2.000986')!.list;
    const branches = death.filter(
      (e) =>
        e.type === 'StepHandedOff' &&
        ['remove-residence', 'funeral-allowance'].includes(e.data.stepId as string),
    );
    expect(branches.map((e) => e.data.previousStepId)).toEqual(['register-death', 'register-death']);

    // The land procedure's excluded phase: opened by the coordinator right after the applicant-pays
    // handoff, ended by it once the step was completed (before the next handoff), each exactly once,
    // and the due date moved by exactly its length.
    const land = finished.find((f) => f.p.code === '1.012761')!.list;
    const received = land.find((e) => e.type === 'DossierReceived')!.data;
    const startedEvents = land.filter((e) => e.type === 'ExcludedPhaseStarted');
    const endedEvents = land.filter((e) => e.type === 'ExcludedPhaseEnded');
    expect(startedEvents).toHaveLength(1);
    expect(endedEvents).toHaveLength(1);
    const [startedEvent, endedEvent] = [startedEvents[0]!, endedEvents[0]!];
    const handoff = (stepId: string) =>
      land.find((e) => e.type === 'StepHandedOff' && e.data.stepId === stepId)!;
    const paid = land.find((e) => e.type === 'StepCompleted' && e.data.stepId === 'applicant-pays')!;
    expect(startedEvent.data).toMatchObject({
      phaseId: 'step:applicant-pays',
      reason: 'Bước không tính vào thời hạn giải quyết: applicant-pays',
    });
    expect(startedEvent.metadata).toMatchObject({
      actor: { system: 'coordination' },
      causationId: `excluded-start:applicant-pays:${handoff('applicant-pays').data.handedOffAt as string}`,
    });
    expect(endedEvent.data.phaseId).toBe('step:applicant-pays');
    expect(endedEvent.metadata).toMatchObject({
      actor: { system: 'coordination' },
      causationId: `excluded-end:applicant-pays:${startedEvent.data.startedAt as string}`,
    });
    expect([
      handoff('applicant-pays').revision < startedEvent.revision,
      startedEvent.revision < paid.revision,
      paid.revision < endedEvent.revision,
      endedEvent.revision < handoff('sign').revision,
    ]).toEqual([true, true, true, true]);
    const started = startedEvent.data;
    const ended = endedEvent.data;
    const paused = Date.parse(ended.endedAt as string) - Date.parse(started.startedAt as string);
    expect(paused).toBeGreaterThanOrEqual(1_500);
    expect(Date.parse(ended.dueAt as string) - Date.parse(received.appointmentAt as string)).toBe(paused);
    // Nothing else moved it: the result is judged against that due date.
    expect(land.find((e) => e.type === 'ResultReady')!.data.dueAt).toBe(ended.dueAt);

    // The applicant took longer than the step's own period: recorded for information, but not judged
    // against the limit, and the next handoff names no outcome for it (the desk is not late).
    expect(paid.data).toMatchObject({ outcome: 'late', excludedFromLimit: true });
    expect(handoff('sign').data).toMatchObject({
      previousStepId: 'applicant-pays',
      previousStepOutcome: null,
    });
    // Only that completion carries the flag; the others keep their shape.
    const flagged = land.filter((e) => e.type === 'StepCompleted' && 'excludedFromLimit' in e.data);
    expect(flagged.map((e) => e.data.stepId)).toEqual(['applicant-pays']);
    await t.settle();
    const landCode = finished.find((f) => f.p.code === '1.012761')!.code;
    const slip = (await http().get(`/dossiers/${landCode}/control-slip`).expect(200)).body as {
      rows: { stepId: string | null; outcome: string | null; previousStepOutcome: string | null }[];
    };
    expect(slip.rows.find((r) => r.stepId === 'applicant-pays')?.outcome).toBe('not-counted');
    expect(slip.rows.find((r) => r.stepId === 'sign')?.previousStepOutcome).toBe('not-counted');
    expect(JSON.stringify(slip)).not.toContain('trễ hạn');
    const timeline = (await http().get(`/dossiers/${landCode}/timeline`).expect(200)).body as {
      entries: { type: string; summary: { vi: string; en: string } }[];
    };
    const paidEntry = timeline.entries.find(
      (e) => e.type === 'StepCompleted' && e.summary.vi.includes("'applicant-pays'"),
    );
    expect(paidEntry?.summary.vi).toContain('không tính vào thời hạn giải quyết');
    expect(JSON.stringify(timeline)).not.toContain('trễ hạn');
  }, 120_000);
});
