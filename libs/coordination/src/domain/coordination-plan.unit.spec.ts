import {
  COMMUNE,
  DESK,
  DUE_AT,
  INSURANCE,
  POLICE,
  allStepsDone,
  appraising,
  at,
  completed,
  handedOff,
  parallel,
  received,
  receivedWith,
  resultReady,
  resultReturned,
  routing,
  stepReceived,
  stopped,
  supplementRequested,
  transferred,
  withdrawn,
} from '@lien-thong/dossiers/testing';
import { planCoordination } from './coordination-plan';
import { type DossierEvent, foldDossier } from '@lien-thong/dossier-model';

const plan = (events: DossierEvent[], now: string) =>
  planCoordination(foldDossier(events), events.length - 1, Date.parse(now));

describe('the coordination plan (what the workflow does next, from the recorded state)', () => {
  it('transfers an accepted dossier to the owner of the first step', () => {
    expect(plan([received], at(24, '08:05')).actions).toEqual([
      { action: { type: 'Transfer', toAgencyCode: COMMUNE }, idempotencyKey: 'transfer' },
    ]);
  });

  it('hands the first step to its owner once transferred, from the lead agency', () => {
    const p = plan([received, transferred], at(24, '09:05'));
    expect(p.actions.map((a) => a.action)).toEqual([
      { type: 'HandOffStep', stepId: 'appraise', fromAgencyCode: COMMUNE, toAgencyCode: COMMUNE },
    ]);
  });

  it('hands both parallel branches off at once when their common predecessor completes', () => {
    const p = plan([...appraising, completed('appraise', COMMUNE)], at(25, '09:05'));
    expect(p.actions.map((a) => a.action)).toEqual([
      { type: 'HandOffStep', stepId: 'police-check', fromAgencyCode: COMMUNE, toAgencyCode: POLICE },
      { type: 'HandOffStep', stepId: 'insurance', fromAgencyCode: COMMUNE, toAgencyCode: INSURANCE },
    ]);
  });

  it('waits for every branch before the join, and wakes at the earliest deadline', () => {
    const p = plan(
      [...parallel, completed('police-check', POLICE, { at: at(26, '09:00'), deadline: at(26, '17:00') })],
      at(26, '09:05'),
    );
    expect(p.actions).toEqual([]);
    expect(p.wakeAt).toBe(Date.parse(at(26, '17:00')));
    expect(p.waitingFor).toContain(`${INSURANCE} to complete step insurance`);
  });

  it('marks each parallel branch overdue on its own deadline, naming nothing else', () => {
    const p = plan(parallel, at(26, '17:01'));
    expect(p.actions.map((a) => a.action)).toEqual([
      { type: 'MarkStepOverdue', stepId: 'police-check' },
      { type: 'MarkStepOverdue', stepId: 'insurance' },
    ]);
    expect(p.actions[0]!.idempotencyKey).toBe(`overdue:police-check:${at(26, '17:00')}`);
  });

  it('does not mark a step overdue while the clock is paused for a supplement', () => {
    const p = plan([...parallel, supplementRequested], at(27, '09:00'));
    expect(p.actions.filter((a) => a.action.type === 'MarkStepOverdue')).toEqual([]);
    expect(p.wakeAt).toBeNull();
  });

  it('marks the result ready when every step is completed, and finishes when it is returned', () => {
    expect(plan(allStepsDone, at(27, '11:05')).actions.map((a) => a.action)).toEqual([
      { type: 'MarkResultReady', deskUnitCode: DESK },
    ]);
    expect(plan([...allStepsDone, resultReady], at(27, '11:10'))).toMatchObject({
      actions: [],
      finished: false,
    });
    expect(plan([...allStepsDone, resultReady, resultReturned], at(27, '15:10')).finished).toBe(true);
  });

  it('derives the same keys from the same state, so a retried action is recognised', () => {
    const events = [...appraising, completed('appraise', COMMUNE)];
    expect(plan(events, at(25, '09:05')).actions).toEqual(plan(events, at(25, '09:06')).actions);
  });
});

describe('the coordination plan when the appointment passes', () => {
  it('escalates to the supervising agency (or, when the directory names none, the head) once per appointment, and watches the appointment until then', () => {
    const before = plan(parallel, at(26, '09:00'));
    expect(before.wakeAt).toBe(Date.parse(at(26, '17:00')));
    const after = plan(
      [...parallel, completed('police-check', POLICE, { at: at(26, '09:00') })],
      '2025-11-28T17:30:00+07:00',
    );
    const escalations = after.actions.filter((a) => a.action.type === 'Escalate');
    expect(escalations).toHaveLength(1);
    expect(escalations[0]!.action).toMatchObject({ to: 'supervising-agency', orHead: true });
    expect(escalations[0]!.idempotencyKey).toBe('escalate:2025-11-28T17:00:00+07:00');
  });
});

describe('the coordination plan for a step that does not count towards the limit (excludedFromLimit)', () => {
  /** The same routing, with `insurance` (a parallel branch) or `police-check` marked excluded. */
  const receivedExcluding = (stepId: string) =>
    receivedWith({
      steps: routing.steps.map((s) => (s.id === stepId ? { ...s, excludedFromLimit: true } : s)),
    });
  const HANDED = at(25, '10:00');
  const STARTED = at(25, '10:01');
  const phaseStarted = (phaseId: string, startedAt = STARTED): DossierEvent => ({
    type: 'ExcludedPhaseStarted',
    data: { phaseId, reason: 'x', startedAt },
  });
  const phaseEnded = (phaseId: string, startedAt: string, endedAt: string): DossierEvent => ({
    type: 'ExcludedPhaseEnded',
    data: { phaseId, startedAt, endedAt, dueAt: DUE_AT, appointmentAt: DUE_AT, stepDeadlines: [] },
  });
  /** `appraise` done; `insurance` (excluded) handed off; `police-check` not yet. */
  const insuranceHandedOff: DossierEvent[] = [
    receivedExcluding('insurance'),
    ...appraising.slice(1),
    completed('appraise', COMMUNE),
    handedOff('insurance', INSURANCE, COMMUNE, { at: HANDED, deadline: at(26, '17:00') }),
  ];
  const bothRunning: DossierEvent[] = [
    ...insuranceHandedOff,
    handedOff('police-check', POLICE, COMMUNE, { at: HANDED, deadline: at(26, '17:00') }),
  ];
  const types = (p: ReturnType<typeof plan>) => p.actions.map((a) => a.action.type);

  it('opens the excluded phase step:<step> right after handing the step off, before anything else is handed on', () => {
    const p = plan(insuranceHandedOff, at(25, '10:00'));
    expect(p.actions[0]).toEqual({
      action: {
        type: 'StartExcludedPhase',
        phaseId: 'step:insurance',
        reason: 'Bước không tính vào thời hạn giải quyết: insurance',
      },
      idempotencyKey: `excluded-start:insurance:${HANDED}`,
    });
    expect(types(p)).toEqual(['StartExcludedPhase', 'HandOffStep']);
    // The same state gives the same key (a retried activity writes nothing twice).
    expect(plan(insuranceHandedOff, at(25, '10:05')).actions[0]).toEqual(p.actions[0]);
  });

  it('opens no phase for a step that counts', () => {
    const p = plan([...parallel], at(25, '10:05'));
    expect(types(p)).not.toContain('StartExcludedPhase');
  });

  it('opens the phase once: not again while it runs, nor after the desk ended it by hand while the step still runs', () => {
    expect(types(plan([...bothRunning, phaseStarted('step:insurance')], at(25, '11:00')))).toEqual([]);
    const endedByHand = [
      ...bothRunning,
      phaseStarted('step:insurance'),
      phaseEnded('step:insurance', STARTED, at(25, '15:00')),
    ];
    expect(types(plan(endedByHand, at(25, '15:05')))).toEqual([]);
  });

  it('inside its phase, marks no step overdue, escalates nothing and sets no deadline timer', () => {
    const p = plan([...bothRunning, phaseStarted('step:insurance')], at(29, '09:00'));
    expect(p.actions).toEqual([]);
    expect(p.wakeAt).toBeNull();
    expect(p.waitingFor).toContain('the end of excluded phase step:insurance');
    // The same dossier with both steps counting: both branches are late and the appointment passed.
    expect(types(plan(parallel, at(29, '09:00')))).toEqual([
      'MarkStepOverdue',
      'MarkStepOverdue',
      'Escalate',
    ]);
  });

  it('never marks the excluded step overdue, not even after the desk ended its phase by hand', () => {
    const endedByHand = [
      ...bothRunning,
      phaseStarted('step:insurance'),
      phaseEnded('step:insurance', STARTED, at(25, '15:00')),
    ];
    const p = plan(endedByHand, at(27, '09:00'));
    // Both deadlines (26/11 17:00) passed on a running clock: only the step that counts is overdue.
    expect(p.actions.map((a) => a.action)).toEqual([{ type: 'MarkStepOverdue', stepId: 'police-check' }]);
    const policeDone = [
      ...endedByHand,
      completed('police-check', POLICE, { at: at(26, '09:00'), deadline: at(26, '17:00') }),
    ];
    // No timer for the excluded step's own deadline: only the appointment is watched.
    expect(plan(policeDone, at(26, '10:00'))).toMatchObject({
      actions: [],
      wakeAt: Date.parse(DUE_AT),
    });
  });

  it('a round that missed the handoff moment opens the phase before judging anything late', () => {
    // Planned first, recorded first: the next pass plans on a stopped clock and marks nothing.
    expect(types(plan(bothRunning, at(29, '09:00')))[0]).toBe('StartExcludedPhase');
  });

  it('ends the phase when the step is completed, before handing on the join, with a key naming the phase', () => {
    const done = [
      ...bothRunning,
      phaseStarted('step:insurance'),
      completed('police-check', POLICE, { at: at(26, '09:00'), deadline: at(26, '17:00') }),
      completed('insurance', INSURANCE, { at: at(27, '09:00'), deadline: at(26, '17:00') }),
    ];
    const p = plan(done, at(27, '09:01'));
    expect(p.actions[0]).toEqual({
      action: { type: 'EndExcludedPhase', phaseId: 'step:insurance' },
      idempotencyKey: `excluded-end:insurance:${STARTED}`,
    });
    // Once it ended: the join is handed off, and no phase opens or ends again.
    const after = plan([...done, phaseEnded('step:insurance', STARTED, at(27, '09:01'))], at(27, '09:02'));
    expect(after.actions.map((a) => a.action)).toEqual([
      { type: 'HandOffStep', stepId: 'sign', fromAgencyCode: INSURANCE, toAgencyCode: COMMUNE },
    ]);
  });

  it('marks the result ready only after the phase of a last excluded step ended', () => {
    const last = [
      receivedWith({
        steps: routing.steps.map((s) => (s.id === 'return-result' ? { ...s, excludedFromLimit: true } : s)),
      }),
      ...allStepsDone.slice(1),
    ];
    const returnHandOff = last.findIndex(
      (e) => e.type === 'StepHandedOff' && e.data.stepId === 'return-result',
    );
    const withPhase = [
      ...last.slice(0, returnHandOff + 1),
      phaseStarted('step:return-result', at(27, '10:00')),
      ...last.slice(returnHandOff + 1),
    ];
    expect(plan(withPhase, at(27, '11:05')).actions.map((a) => a.action)).toEqual([
      { type: 'EndExcludedPhase', phaseId: 'step:return-result' },
    ]);
    const ended = [...withPhase, phaseEnded('step:return-result', at(27, '10:00'), at(27, '11:05'))];
    expect(types(plan(ended, at(27, '11:06')))).toEqual(['MarkResultReady']);
  });

  it('ends the phase when the step hands the dossier back, and opens a new one (new key) when it is handed off again', () => {
    const pcHanded = at(25, '10:00');
    const running = [
      receivedExcluding('police-check'),
      ...parallel.slice(1),
      phaseStarted('step:police-check', at(25, '10:01')),
    ];
    const returned: DossierEvent = {
      type: 'StepReturned',
      data: {
        stepId: 'police-check',
        fromAgencyCode: POLICE,
        toStepId: 'appraise',
        toAgencyCode: COMMUNE,
        returnedAt: at(26, '09:00'),
        reason: 'Sai thông tin',
        deadline: at(27, '17:00'),
        reset: ['police-check'],
      },
    };
    const p = plan([...running, returned], at(26, '09:01'));
    expect(p.actions[0]).toEqual({
      action: { type: 'EndExcludedPhase', phaseId: 'step:police-check' },
      idempotencyKey: `excluded-end:police-check:${at(25, '10:01')}`,
    });
    const again = [
      ...running,
      returned,
      phaseEnded('step:police-check', at(25, '10:01'), at(26, '09:01')),
      stepReceived('appraise', COMMUNE, at(26, '09:30')),
      completed('appraise', COMMUNE, { at: at(26, '10:00'), deadline: at(27, '17:00') }),
      handedOff('police-check', POLICE, COMMUNE, { at: at(26, '10:05'), deadline: at(27, '17:00') }),
    ];
    const next = plan(again, at(26, '10:06'));
    expect(next.actions[0]?.action).toMatchObject({
      type: 'StartExcludedPhase',
      phaseId: 'step:police-check',
    });
    expect(next.actions[0]?.idempotencyKey).toBe(`excluded-start:police-check:${at(26, '10:05')}`);
    expect(next.actions[0]?.idempotencyKey).not.toBe(`excluded-start:police-check:${pcHanded}`);
  });

  it('two excluded steps in parallel: one phase at a time, the second opens when the first ends while it still runs', () => {
    const both = [
      receivedWith({
        steps: routing.steps.map((s) =>
          s.id === 'insurance' || s.id === 'police-check' ? { ...s, excludedFromLimit: true } : s,
        ),
      }),
      ...parallel.slice(1),
      phaseStarted('step:police-check'),
    ];
    expect(types(plan(both, at(25, '11:00')))).toEqual([]);
    const firstDone = [
      ...both,
      completed('police-check', POLICE, { at: at(26, '09:00'), deadline: at(26, '17:00') }),
    ];
    expect(plan(firstDone, at(26, '09:01')).actions[0]?.action).toEqual({
      type: 'EndExcludedPhase',
      phaseId: 'step:police-check',
    });
    const firstEnded = [...firstDone, phaseEnded('step:police-check', STARTED, at(26, '09:01'))];
    expect(plan(firstEnded, at(26, '09:02')).actions.map((a) => a.action)).toEqual([
      {
        type: 'StartExcludedPhase',
        phaseId: 'step:insurance',
        reason: 'Bước không tính vào thời hạn giải quyết: insurance',
      },
    ]);
  });

  it('leaves a phase the desk opened by hand alone: no second phase, not ended by the coordinator', () => {
    const deskPhase = [
      receivedExcluding('insurance'),
      ...appraising.slice(1),
      completed('appraise', COMMUNE),
      phaseStarted('pay-tax', at(25, '09:30')),
      handedOff('insurance', INSURANCE, COMMUNE, { at: HANDED, deadline: at(26, '17:00') }),
      handedOff('police-check', POLICE, COMMUNE, { at: HANDED, deadline: at(26, '17:00') }),
    ];
    expect(types(plan(deskPhase, at(25, '10:05')))).toEqual([]);
    const stepsDone = [
      ...deskPhase,
      completed('police-check', POLICE, { at: at(26, '09:00'), deadline: at(26, '17:00') }),
      completed('insurance', INSURANCE, { at: at(26, '09:00'), deadline: at(26, '17:00') }),
    ];
    // Completing the step does not end the desk's phase; the join is handed on meanwhile.
    expect(types(plan(stepsDone, at(26, '09:05')))).toEqual(['HandOffStep']);
    // The desk ends its phase while the excluded step still runs: the step's own phase opens then.
    const endedWhileRunning = [...deskPhase, phaseEnded('pay-tax', at(25, '09:30'), at(25, '14:00'))];
    expect(plan(endedWhileRunning, at(25, '14:01')).actions[0]).toEqual({
      action: {
        type: 'StartExcludedPhase',
        phaseId: 'step:insurance',
        reason: 'Bước không tính vào thời hạn giải quyết: insurance',
      },
      idempotencyKey: `excluded-start:insurance:${HANDED}`,
    });
  });

  it('plans nothing once the dossier is stopped or withdrawn: closing it ended the open phase', () => {
    const running = [...bothRunning, phaseStarted('step:insurance')];
    for (const closing of [stopped, withdrawn]) {
      const events = [...running, closing];
      expect(foldDossier(events).openExcludedPhase).toBeNull();
      expect(plan(events, at(26, '09:00'))).toMatchObject({ actions: [], finished: true });
    }
  });
});
