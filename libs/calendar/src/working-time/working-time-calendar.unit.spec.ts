import { OFFICIAL_DECISIONS } from '../holidays/official-decisions';
import { WorkingDayCalendar } from '../holidays/working-day-calendar';
import {
  AlwaysOpenCalendar,
  DEFAULT_WORKING_HOURS,
  VietnameseWorkingTimeCalendar,
} from './working-time-calendar';

const vn = new VietnameseWorkingTimeCalendar(new WorkingDayCalendar(OFFICIAL_DECISIONS));
/** Local Vietnamese time → instant. */
const at = (local: string) => Date.parse(`${local}:00+07:00`);
const local = (instant: number) =>
  new Date(instant + 7 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

describe('deadlines on the Vietnamese working-day calendar', () => {
  it('counts 5 working days across Tết 2025: received Thu 23/1 10:00, due Thu 6/2 17:00', () => {
    const due = vn.deadline(at('2025-01-23T10:00'), { unit: 'workingDays', amount: 5 });
    expect(local(due)).toBe('2025-02-06 17:00');
  });

  it('counts the Saturday worked in exchange (8/2/2025) as a working day', () => {
    expect(local(vn.deadline(at('2025-02-07T10:00'), { unit: 'workingDays', amount: 1 }))).toBe(
      '2025-02-08 17:00',
    );
  });

  it('does not count the day of the event under the Civil Code rule', () => {
    expect(local(vn.deadline(at('2025-03-03T08:00'), { unit: 'workingDays', amount: 1 }))).toBe(
      '2025-03-04 17:00',
    );
  });

  it('counts from the instant when the procedure says so (working hours)', () => {
    const due = vn.deadline(
      at('2025-03-03T10:00'),
      { unit: 'workingHours', amount: 4 },
      { countingRule: 'from-instant' },
    );
    // 10:00-11:30 (1.5 h), lunch, 13:00-15:30 (2.5 h).
    expect(local(due)).toBe('2025-03-03 15:30');
  });

  it('treats half a working day as four working hours', () => {
    const due = vn.deadline(
      at('2025-03-03T07:30'),
      { unit: 'workingDays', amount: 0.5 },
      { countingRule: 'from-instant' },
    );
    expect(local(due)).toBe('2025-03-03 11:30');
  });

  it('moves a dossier received after the 15:00 cut-off to the next working day', () => {
    expect(local(vn.effectiveReceipt(at('2025-03-03T14:59')))).toBe('2025-03-03 14:59');
    expect(local(vn.effectiveReceipt(at('2025-03-03T15:30')))).toBe('2025-03-04 07:30');
    expect(local(vn.effectiveReceipt(at('2025-03-08T09:00')))).toBe('2025-03-10 07:30');
    const late = vn.deadline(vn.effectiveReceipt(at('2025-03-03T15:30')), { unit: 'workingDays', amount: 3 });
    const early = vn.deadline(vn.effectiveReceipt(at('2025-03-03T14:59')), {
      unit: 'workingDays',
      amount: 3,
    });
    expect([local(early), local(late)]).toEqual(['2025-03-06 17:00', '2025-03-07 17:00']);
  });

  it('moves a deadline by exactly the working time a supplement pause covered', () => {
    const start = at('2025-03-03T10:00');
    const budget = { unit: 'workingHours', amount: 8 } as const;
    const without = vn.deadline(start, budget, { countingRule: 'from-instant' });
    const pause = { from: at('2025-03-03T13:00'), to: at('2025-03-05T09:00') };
    const withPause = vn.deadline(start, budget, { countingRule: 'from-instant', exclusions: [pause] });
    const pausedWorking = vn.workingTimeBetween(pause.from, pause.to);
    expect(pausedWorking).toBe((4 + 8 + 1.5) * 3_600_000);
    expect(vn.workingTimeBetween(without, withPause)).toBe(pausedWorking);
    expect(vn.workingTimeBetween(start, withPause, [pause])).toBe(8 * 3_600_000);
  });

  it('gives back exactly the budget between counting start and deadline (1,000 cases)', () => {
    let seed = 42;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 1_000; i += 1) {
      const start = at('2024-01-01T00:00') + Math.floor(random() * 3 * 365 * 86_400_000);
      const budget = { unit: 'workingHours', amount: Math.round(random() * 200) / 4 } as const;
      const from = vn.countingStart(start, 'civil-code');
      const due = vn.deadline(start, budget);
      expect(vn.workingTimeBetween(from, due)).toBe(vn.budgetMs(budget));
    }
  });

  it('gives the close of the working day for same-day procedures', () => {
    expect(local(vn.endOfWorkingDay(at('2025-03-03T10:00')))).toBe('2025-03-03 17:00');
    expect(local(vn.endOfWorkingDay(at('2025-01-29T10:00')))).toBe('2025-02-03 17:00');
  });

  it('refuses overlapping working-hours segments', () => {
    expect(
      () =>
        new VietnameseWorkingTimeCalendar(new WorkingDayCalendar(), {
          segments: [
            ['07:30', '12:00'],
            ['11:00', '17:00'],
          ],
          receptionCutoff: '15:00',
        }),
    ).toThrow(/overlap/);
  });
});

describe('reception hours apart from counting hours', () => {
  const saturdayDesk = new VietnameseWorkingTimeCalendar(new WorkingDayCalendar(OFFICIAL_DECISIONS), {
    ...DEFAULT_WORKING_HOURS,
    reception: { saturdays: [['07:30', '11:30']] },
  });

  it('receives on Saturday morning but starts the clock on the next working day', () => {
    expect(saturdayDesk.isReceptionOpen(at('2025-03-08T09:00'))).toBe(true);
    expect(saturdayDesk.isReceptionOpen(at('2025-03-08T14:00'))).toBe(false);
    expect(saturdayDesk.isReceptionOpen(at('2025-03-09T09:00'))).toBe(false);
    expect(local(saturdayDesk.effectiveReceipt(at('2025-03-08T09:00')))).toBe('2025-03-10 07:30');
  });

  it('keeps a Saturday desk closed on a public holiday and open on a Saturday worked in exchange', () => {
    expect(saturdayDesk.isReceptionOpen(at('2025-01-25T09:00'))).toBe(false);
    expect(saturdayDesk.isReceptionOpen(at('2025-02-08T09:00'))).toBe(true);
  });

  it('receives during counting hours only, by default', () => {
    expect(vn.isReceptionOpen(at('2025-03-08T09:00'))).toBe(false);
    expect(vn.isReceptionOpen(at('2025-03-10T12:00'))).toBe(false);
    expect(vn.isReceptionOpen(at('2025-03-10T13:30'))).toBe(true);
  });
});

describe('the always-open test calendar', () => {
  const open = new AlwaysOpenCalendar();

  it('runs budgets of seconds at any hour of any day', () => {
    const start = at('2025-01-29T23:59');
    expect(open.deadline(start, { unit: 'workingSeconds', amount: 3 }) - start).toBe(3_000);
  });

  it('moves a deadline by the paused time, also with overlapping pauses', () => {
    const start = 1_000_000;
    const due = open.deadline(
      start,
      { unit: 'workingSeconds', amount: 10 },
      {
        exclusions: [
          { from: 1_002_000, to: 1_005_000 },
          { from: 1_004_000, to: 1_006_000 },
        ],
      },
    );
    expect(due - start).toBe(14_000);
  });
});
