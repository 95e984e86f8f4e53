import { AGENCY_NOTIFICATION_KINDS } from '@lien-thong/contracts';
import { NOTIFICATION_ROUTES, owedNotification, ROUTED_EVENT_TYPES } from './notification-routes';
import { DOSSIER_EVENT_TYPE_LIST } from '@lien-thong/dossier-model';

describe('notification routes (dossier event -> agencies notified)', () => {
  it('routes only registered dossier event types, and covers every notification kind once', () => {
    for (const type of ROUTED_EVENT_TYPES) expect(DOSSIER_EVENT_TYPE_LIST).toContain(type);
    expect(
      Object.values(NOTIFICATION_ROUTES)
        .map((r) => r.kind)
        .sort(),
    ).toEqual([...AGENCY_NOTIFICATION_KINDS].sort());
  });

  it('notifies the receiving agency of a handoff', () => {
    expect(
      owedNotification('StepHandedOff', 1, {
        stepId: 'b',
        fromAgencyCode: 'A',
        toAgencyCode: 'B',
        handedOffAt: '2025-11-24T08:00:00+07:00',
        deadline: '2025-11-26T17:00:00+07:00',
        previousStepId: 'a',
        previousStepOutcome: 'on-time',
      }),
    ).toEqual({
      kind: 'step.handed-off',
      recipients: ['B'],
      stepId: 'b',
      deadline: '2025-11-26T17:00:00+07:00',
      details: { fromAgencyCode: 'A', previousStepId: 'a', previousStepOutcome: 'on-time' },
    });
  });

  it('notifies the agency that held an overdue step, and the agency reminded', () => {
    expect(
      owedNotification('StepOverdue', 1, {
        stepId: 'b',
        responsibleAgencyCode: 'B',
        deadline: 'd',
        detectedAt: 't',
      }),
    ).toMatchObject({ kind: 'step.overdue', recipients: ['B'], stepId: 'b', deadline: 'd' });
    expect(
      owedNotification('StepReminderSent', 1, {
        stepId: 'c',
        agencyCode: 'C',
        deadline: 'd',
        budgetShare: 0.8,
        remindedAt: 't',
      }),
    ).toMatchObject({ kind: 'step.reminder', recipients: ['C'], details: { budgetShare: 0.8 } });
    expect(
      owedNotification('StepLatenessWarned', 1, {
        stepId: 'e',
        agencyCode: 'E',
        deadline: 'd',
        probability: 0.72,
        threshold: 0.6,
        basis: { visits: 30, load: 1.4, pace: 1.1, usedShare: 0.1 },
        warnedAt: 't',
      }),
    ).toMatchObject({
      kind: 'step.lateness-warning',
      recipients: ['E'],
      stepId: 'e',
      deadline: 'd',
      details: { probability: 0.72, load: 1.4 },
    });
  });

  it('tells the supervising agency of an escalation, or the agency itself when escalated to its head', () => {
    const at = '2025-11-28T09:00:00+07:00';
    expect(
      owedNotification('DossierEscalated', 1, {
        to: 'supervising-agency',
        toAgencyCode: 'P',
        fromAgencyCode: 'B',
        reason: 'Quá hạn hẹn',
        escalatedAt: at,
      }),
    ).toEqual({
      kind: 'dossier.escalated',
      recipients: ['P'],
      stepId: null,
      deadline: null,
      details: { to: 'supervising-agency', fromAgencyCode: 'B', reason: 'Quá hạn hẹn', escalatedAt: at },
    });
    const toHead = { to: 'head', toAgencyCode: null, reason: 'x', escalatedAt: at };
    expect(owedNotification('DossierEscalated', 1, { ...toHead, fromAgencyCode: 'B' }).recipients).toEqual([
      'B',
    ]);
    // Recorded before the agency was kept: nobody to tell.
    expect(owedNotification('DossierEscalated', 1, toHead).recipients).toEqual([]);
  });

  it('notifies each agency asked for an apology once, with the time to answer by as the deadline', () => {
    expect(
      owedNotification('ApologyRequested', 1, {
        agencyCodes: ['B', 'C', 'B'],
        reason: 'step-overdue',
        dueAt: 'due',
        appointmentAt: 'appt',
        respondBy: 'by',
        requestedAt: 't',
      }),
    ).toMatchObject({ kind: 'apology.requested', recipients: ['B', 'C'], stepId: null, deadline: 'by' });
  });

  it('refuses a schema version it does not read instead of skipping it', () => {
    expect(() => owedNotification('StepOverdue', 2, {})).toThrow(/StepOverdue v2/);
  });
});
