import {
  DEFAULT_WORKING_HOURS,
  OFFICIAL_DECISIONS,
  VietnameseWorkingTimeCalendar,
  WorkingDayCalendar,
} from '@lien-thong/calendar';
import { statutoryDueAt } from '@lien-thong/dossiers';
import { applyCalendarChange, type CalendarChange } from './calendar-change';
import {
  compareJudgements,
  judgeRecordedDossier,
  type ReplayFacts,
  type ReplayRules,
} from './what-if-replay';

const days = new WorkingDayCalendar(OFFICIAL_DECISIONS);
const calendarsOf = (d: WorkingDayCalendar) => {
  const c = new VietnameseWorkingTimeCalendar(d, DEFAULT_WORKING_HOURS);
  return { unit: c, steps: c };
};
const rules: ReplayRules = {
  statutoryLimit: { unit: 'workingDays', amount: 3 },
  countingRule: 'civil-code',
  supplementPolicy: 'pause',
  budgets: new Map([['check', { unit: 'workingDays', amount: 2 }]]),
};
const vn = (local: string) => `${local}:00+07:00`;

function dossier(
  code: string,
  received: string,
  ready: string | null,
  visit?: { handedOff: string; completed: string },
): ReplayFacts {
  return {
    code,
    procedureCode: '9.000002',
    procedureVersion: 1,
    receivingUnitCode: 'U',
    receivedAt: vn(received),
    dueAt: vn(received),
    resultReadyAt: ready === null ? null : vn(ready),
    outcome: null,
    endedAt: null,
    clockStops: [],
    visits: visit
      ? [
          {
            stepId: 'check',
            visit: 1,
            agencyCode: 'X',
            handedOffAt: vn(visit.handedOff),
            completedAt: vn(visit.completed),
            returnedAt: null,
            deadline: vn(visit.handedOff),
            excludedFromLimit: false,
          },
        ]
      : [],
  };
}

/** The dossiers listed by a what-if, and those it turns late (as WhatIfService counts them). */
function whatIf(dossiers: ReplayFacts[], change: CalendarChange) {
  const asOf = Date.parse('2025-12-31T00:00:00+07:00');
  const before = calendarsOf(days);
  const after = calendarsOf(applyCalendarChange(days, change));
  const changes = dossiers.flatMap((d) => {
    const c = compareJudgements(
      d,
      judgeRecordedDossier(d, rules, before, statutoryDueAt, asOf),
      judgeRecordedDossier(d, rules, after, statutoryDueAt, asOf),
    );
    return c ? [c] : [];
  });
  return {
    changes,
    turnedLate: changes
      .filter((c) => c.before.outcome !== 'late' && c.after.outcome === 'late')
      .map((c) => c.code),
  };
}

// Around Hùng Kings day 2025 (Monday 7 April, a public holiday).
const A = dossier('A', '2025-04-03T09:00', '2025-04-09T15:00'); // due Wed 9/4 17:00: on time
const B = dossier('B', '2025-04-03T09:00', '2025-04-08T10:00'); // early
const C = dossier('C', '2025-04-14T09:00', '2025-04-16T10:00'); // after the holiday: untouched
const D = dossier('D', '2025-04-03T09:00', '2025-04-09T16:00', {
  handedOff: '2025-04-04T08:00',
  completed: '2025-04-08T17:00',
});
const E = dossier('E', '2025-04-14T09:00', '2025-04-18T10:00'); // late: due Thu 17/4 17:00

describe('what-if replay on the real calendar', () => {
  it('counts the recorded dossiers as the engine does on the calendar in force', () => {
    const before = calendarsOf(days);
    const asOf = Date.parse('2025-12-31T00:00:00+07:00');
    const judge = (d: ReplayFacts) => judgeRecordedDossier(d, rules, before, statutoryDueAt, asOf);
    // Received Thursday 3/4: counting starts Friday 4/4; Monday 7/4 is Hùng Kings day: due Wednesday 9/4.
    expect(new Date(judge(A).dueAt).toISOString()).toBe('2025-04-09T10:00:00.000Z');
    expect([A, B, C, D, E].map((d) => judge(d).outcome)).toEqual([
      'on-time',
      'early',
      'early',
      'on-time',
      'late',
    ]);
    // The step handed off Friday 08:00 with 2 working days: due Wednesday 08:00, completed Tuesday: in time.
    expect(judge(D).lateVisits).toEqual([]);
  });

  it('moves nothing for a clock stop still open, and judges a paused dossier in progress', () => {
    const asOf = Date.parse('2025-12-31T00:00:00+07:00');
    const paused: ReplayFacts = {
      ...dossier('P', '2025-04-14T09:00', null, {
        handedOff: '2025-04-14T09:05',
        completed: '2025-04-14T10:00',
      }),
      visits: [],
      clockStops: [{ kind: 'supplement', from: '2025-04-15T10:00:00+07:00', to: null }],
    };
    const judged = judgeRecordedDossier(paused, rules, calendarsOf(days), statutoryDueAt, asOf);
    // Received Monday 14/4: due Thursday 17/4 17:00, as recorded until the applicant brings the supplement.
    expect(new Date(judged.dueAt).toISOString()).toBe('2025-04-17T10:00:00.000Z');
    expect(judged.outcome).toBe('in-progress');
  });

  it('lists exactly the dossiers a holiday taken back turns late, with the agency that answers for it', () => {
    const { changes, turnedLate } = whatIf([A, B, C, D, E], { daysOff: [], workingDays: ['2025-04-07'] });
    expect(turnedLate).toEqual(['A', 'D']);
    expect(changes.map((c) => [c.code, c.before.outcome, c.after.outcome, c.changed])).toEqual([
      ['A', 'on-time', 'late', ['due-date', 'outcome']],
      ['B', 'early', 'on-time', ['due-date', 'outcome']],
      ['D', 'on-time', 'late', ['due-date', 'outcome', 'responsible-agencies']],
    ]);
    expect(changes.find((c) => c.code === 'D')!.after.lateAgencies).toEqual(['X']);
    expect(changes.find((c) => c.code === 'A')!.after.dueAt).toBe('2025-04-08T10:00:00.000Z');
  });

  it('lists exactly the late dossiers a holiday added would have kept in time, and nothing turns late', () => {
    const { changes, turnedLate } = whatIf([A, B, C, D, E], {
      daysOff: [{ date: '2025-04-16', reason: 'Quốc tang (giả định)' }],
      workingDays: [],
    });
    // Deadlines only move later when a day is taken off: nobody turns late.
    expect(turnedLate).toEqual([]);
    expect(changes.map((c) => [c.code, c.before.outcome, c.after.outcome])).toEqual([
      ['C', 'early', 'early'],
      ['E', 'late', 'on-time'],
    ]);
  });

  it('makes a weekend day worked a working day, and leaves a year it does not touch alone', () => {
    const changed = applyCalendarChange(days, { daysOff: [], workingDays: ['2025-04-12'] });
    expect(changed.isWorkingDay('2025-04-12')).toBe(true);
    expect(changed.isWorkingDay('2025-04-13')).toBe(false);
    expect(changed.isWorkingDay('2026-02-17')).toBe(days.isWorkingDay('2026-02-17'));
    expect(changed.isWorkingDay('2025-09-02')).toBe(false);
  });
});
