import { planCoordination } from './coordination-plan';
import { foldDossier } from './dossier-state';
import type { DossierEvent } from './dossier-events';
import {
  COMMUNE,
  DESK,
  INSURANCE,
  POLICE,
  allStepsDone,
  appraising,
  at,
  completed,
  parallel,
  received,
  resultReady,
  resultReturned,
  supplementRequested,
  transferred,
} from './dossier.fixtures';

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
  it('escalates to the head once per appointment, and watches the appointment until then', () => {
    const before = plan(parallel, at(26, '09:00'));
    expect(before.wakeAt).toBe(Date.parse(at(26, '17:00')));
    const after = plan(
      [...parallel, completed('police-check', POLICE, { at: at(26, '09:00') })],
      '2025-11-28T17:30:00+07:00',
    );
    const escalations = after.actions.filter((a) => a.action.type === 'Escalate');
    expect(escalations).toHaveLength(1);
    expect(escalations[0]!.idempotencyKey).toBe('escalate:2025-11-28T17:00:00+07:00');
  });
});
