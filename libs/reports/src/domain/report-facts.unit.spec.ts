import type { DossierEvent } from '@lien-thong/dossier-model';
import { evolveReportFacts, type ReportDossierFacts } from './report-facts';

const at = (day: number, time = '09:00') => `2026-03-${String(day).padStart(2, '0')}T${time}:00+07:00`;
const fold = (events: readonly DossierEvent[]): ReportDossierFacts | null =>
  events.reduce<ReportDossierFacts | null>((f, e) => evolveReportFacts(f, e), null);

const received = {
  type: 'DossierReceived',
  data: {
    dossierCode: 'X-1',
    procedure: { code: '1.000001', version: 2, bundleOf: [] },
    statutoryLimit: { unit: 'workingDays', amount: 5 },
    channel: 'counter',
    receivedAt: at(2),
    appointmentAt: at(6, '17:00'),
    receivingUnitCode: 'DESK',
  },
} as unknown as DossierEvent;
const handedOff = (stepId: string, to: string, when: string, deadline: string) =>
  ({
    type: 'StepHandedOff',
    data: {
      stepId,
      fromAgencyCode: 'DESK',
      toAgencyCode: to,
      handedOffAt: when,
      deadline,
      previousStepId: null,
      previousStepOutcome: null,
    },
  }) as DossierEvent;
const completed = (stepId: string, agency: string, when: string, deadline: string, outcome: string) =>
  ({
    type: 'StepCompleted',
    data: {
      stepId,
      agencyCode: agency,
      completedAt: when,
      deadline,
      outcome,
      resultSummary: 'x',
      attachments: [],
    },
  }) as DossierEvent;

describe('a dossier’s report facts', () => {
  it('opens a new visit of the step a return reopens, and closes the returning one', () => {
    const f = fold([
      received,
      handedOff('a', 'P', at(2), at(3, '17:00')),
      completed('a', 'P', at(3), at(3, '17:00'), 'early'),
      handedOff('b', 'Q', at(3), at(4, '17:00')),
      {
        type: 'StepReturned',
        data: {
          stepId: 'b',
          fromAgencyCode: 'Q',
          toStepId: 'a',
          toAgencyCode: 'P',
          returnedAt: at(4),
          reason: 'Sai',
          deadline: at(5, '17:00'),
          reset: ['a', 'b'],
        },
      },
      completed('a', 'P', at(5), at(5, '17:00'), 'on-time'),
    ])!;
    expect(
      f.visits.map((v) => [v.stepId, v.visit, v.agencyCode, v.completedAt, v.returnedAt, v.outcome]),
    ).toEqual([
      ['a', 1, 'P', at(3), null, 'early'],
      ['b', 1, 'Q', null, at(4), null],
      ['a', 2, 'P', at(5), null, 'on-time'],
    ]);
    expect(f.participantAgencyCodes).toEqual(['P', 'Q']);
  });

  it('keeps excluded phases as clock stops, and moves the due date and open deadlines when the calendar changes', () => {
    const f = fold([
      received,
      handedOff('a', 'P', at(2), at(3, '17:00')),
      {
        type: 'ExcludedPhaseStarted',
        data: { phaseId: 'step:a', reason: 'Nộp thuế', startedAt: at(2, '10:00') },
      },
      {
        type: 'ExcludedPhaseEnded',
        data: {
          phaseId: 'step:a',
          startedAt: at(2, '10:00'),
          endedAt: at(3, '10:00'),
          dueAt: at(9, '17:00'),
          appointmentAt: at(9, '17:00'),
          stepDeadlines: [{ stepId: 'a', deadline: at(4, '17:00') }],
        },
      },
      {
        type: 'DeadlinesRecomputed',
        data: {
          cause: { kind: 'calendar-decision', year: 2026, document: 'x' },
          recomputedAt: at(3),
          dueAt: { from: at(9, '17:00'), to: at(10, '17:00') },
          appointmentAt: null,
          steps: [{ stepId: 'a', from: at(4, '17:00'), to: at(5, '17:00') }],
        },
      },
    ])!;
    expect(f.clockStops).toEqual([{ kind: 'excluded', from: at(2, '10:00'), to: at(3, '10:00') }]);
    expect(f.dueAt).toBe(at(10, '17:00'));
    expect(f.appointmentAt).toBe(at(9, '17:00'));
    expect(f.visits[0]!.deadline).toBe(at(5, '17:00'));
  });

  it('is nothing for an intake without a code, and unchanged by what follows the end', () => {
    expect(fold([{ type: 'DossierRefusedAtIntake', data: {} } as unknown as DossierEvent])).toBeNull();
    const ended = fold([
      received,
      { type: 'ResultReturned', data: { channel: 'counter', returnedAt: at(6) } },
    ])!;
    expect(ended.status).toBe('returned');
    const rated = evolveReportFacts(ended, {
      type: 'SatisfactionRated',
      data: { score: 5, comment: null, ratedAt: at(7) },
    });
    expect(rated).toBe(ended);
  });
});
