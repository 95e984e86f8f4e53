import { OFFICIAL_DECISIONS } from '../holidays/official-decisions';
import { WorkingDayCalendar, compileHolidaySet } from '../holidays/working-day-calendar';
import { alwaysOpenCalendar } from './always-open-calendar';
import { vietnameseCalendar } from './vietnamese-calendar';
import { DEFAULT_WORKING_HOURS, parseWorkingHours } from './working-hours';
import { VietnameseWorkingTimeCalendar, type TimeBudget } from './working-time-calendar';

const vn = vietnameseCalendar();
const HOUR = 3_600_000;
/** Vietnamese local time → instant. */
const at = (local: string) => Date.parse(`${local}:00+07:00`);
/** Instant → Vietnamese local time, `YYYY-MM-DD HH:MM`. */
const local = (instant: number) => new Date(instant + 7 * HOUR).toISOString().slice(0, 16).replace('T', ' ');
const days = (amount: number): TimeBudget => ({ unit: 'workingDays', amount });
const hours = (amount: number): TimeBudget => ({ unit: 'workingHours', amount });

/** A deterministic pseudo-random generator (no Math.random: failures must replay). */
function random(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
}

describe('the Civil Code counting rule (default)', () => {
  it('does not count the day of receipt: 3 working days from Monday 10:00 are due at the close of Thursday', () => {
    expect(local(vn.deadline(at('2025-03-10T10:00'), days(3)))).toBe('2025-03-13 17:00');
  });

  it('counts 5 working days across Tết 2025: received Thu 23/1 10:00, due Thu 6/2 17:00', () => {
    // Thursday 23/1 is the day of receipt (not counted); Friday 24/1 is day 1; the break runs from
    // Saturday 25/1 to Sunday 2/2; Monday 3/2 to Thursday 6/2 are days 2 to 5.
    expect(local(vn.deadline(at('2025-01-23T10:00'), days(5)))).toBe('2025-02-06 17:00');
  });

  it('counts the same 5 days from the instant as 40 working hours: due Thu 6/2 10:00', () => {
    const due = vn.deadline(at('2025-01-23T10:00'), days(5), { countingRule: 'from-instant' });
    expect(local(due)).toBe('2025-02-06 10:00');
  });

  it('counts a Saturday worked in exchange as a working day (26/4/2025)', () => {
    expect(local(vn.deadline(at('2025-04-25T10:00'), days(1)))).toBe('2025-04-26 17:00');
    // Day 2 is Monday 28/4, day 3 Tuesday 29/4; the break 30/4 to 4/5 follows.
    expect(local(vn.deadline(at('2025-04-25T10:00'), days(4)))).toBe('2025-05-05 17:00');
  });

  it('rolls a period over a weekend to the next working day', () => {
    expect(local(vn.deadline(at('2025-03-13T09:00'), days(2)))).toBe('2025-03-17 17:00');
  });

  it('starts counting on the next working day when the event is on a closed day', () => {
    expect(local(vn.deadline(at('2025-03-16T09:00'), days(1)))).toBe('2025-03-17 17:00');
  });

  it('ends a fraction of a day within the day: 2.5 working days from Monday end on Thursday 11:30', () => {
    expect(local(vn.deadline(at('2025-03-10T10:00'), days(2.5)))).toBe('2025-03-13 11:30');
  });

  it('counts working hours from the next working day too', () => {
    expect(local(vn.deadline(at('2025-03-10T10:00'), hours(4)))).toBe('2025-03-11 11:30');
  });
});

describe('counting from the instant', () => {
  const fromInstant = { countingRule: 'from-instant' } as const;

  it('counts 4 working hours from Monday 10:00 over the lunch break: 15:30', () => {
    expect(local(vn.deadline(at('2025-03-10T10:00'), hours(4), fromInstant))).toBe('2025-03-10 15:30');
  });

  it('treats half a working day as 4 working hours', () => {
    expect(vn.budgetMs(days(0.5))).toBe(4 * HOUR);
    expect(local(vn.deadline(at('2025-03-10T07:30'), days(0.5), fromInstant))).toBe('2025-03-10 11:30');
  });

  it('is due at the closing time when the budget runs out exactly then, not at the next opening', () => {
    expect(local(vn.deadline(at('2025-03-10T07:30'), days(1), fromInstant))).toBe('2025-03-10 17:00');
  });

  it('starts at the next opening when the instant is outside working hours', () => {
    expect(local(vn.deadline(at('2025-03-10T19:00'), hours(1), fromInstant))).toBe('2025-03-11 08:30');
  });

  it('scales fractions to the unit hours: half a day of a 7.5-hour unit is 3 h 45', () => {
    const shortDays = vietnameseCalendar({
      hours: {
        segments: [
          ['07:00', '11:00'],
          ['13:30', '17:00'],
        ],
        receptionCutoff: '15:00',
      },
    });
    expect(shortDays.workingDayMs).toBe(7.5 * HOUR);
    expect(local(shortDays.deadline(at('2025-03-10T07:00'), days(0.5), fromInstant))).toBe(
      '2025-03-10 10:45',
    );
  });
});

describe('"within the day" limits', () => {
  it('is due at the close of the day of receipt', () => {
    expect(local(vn.deadline(at('2025-03-10T10:00'), { unit: 'sameDay' }))).toBe('2025-03-10 17:00');
  });

  it('is due at the close of the next working day when received after closing or on a closed day', () => {
    expect(local(vn.deadline(at('2025-03-10T18:00'), { unit: 'sameDay' }))).toBe('2025-03-11 17:00');
    expect(local(vn.deadline(at('2025-01-24T18:00'), { unit: 'sameDay' }))).toBe('2025-02-03 17:00');
  });

  it('moves by a pause within the day', () => {
    const pause = { from: at('2025-03-10T14:00'), to: at('2025-03-10T15:00') };
    expect(local(vn.deadline(at('2025-03-10T10:00'), { unit: 'sameDay' }, { exclusions: [pause] }))).toBe(
      '2025-03-11 08:30',
    );
  });
});

describe('reception cut-off', () => {
  it('receives at once before 15:00 and from the next opening after it', () => {
    expect(local(vn.effectiveReceipt(at('2025-03-10T14:59')))).toBe('2025-03-10 14:59');
    expect(local(vn.effectiveReceipt(at('2025-03-10T15:00')))).toBe('2025-03-11 07:30');
    expect(local(vn.effectiveReceipt(at('2025-03-14T16:00')))).toBe('2025-03-17 07:30');
  });

  it('gives a dossier received after the cut-off one more day: Thursday instead of Wednesday', () => {
    const early = vn.deadline(vn.effectiveReceipt(at('2025-03-10T14:59')), days(3));
    const late = vn.deadline(vn.effectiveReceipt(at('2025-03-10T15:30')), days(3));
    expect([local(early), local(late)]).toEqual(['2025-03-13 17:00', '2025-03-14 17:00']);
  });

  it('moves a dossier received during Tết to the first working day after it', () => {
    expect(local(vn.effectiveReceipt(at('2025-01-29T09:00')))).toBe('2025-02-03 07:30');
  });

  it('can be ignored for channels without a cut-off', () => {
    expect(local(vn.effectiveReceipt(at('2025-03-10T16:00'), { applyCutoff: false }))).toBe(
      '2025-03-10 16:00',
    );
  });

  it('follows a unit cut-off', () => {
    const desk = vietnameseCalendar({ hours: { ...DEFAULT_WORKING_HOURS, receptionCutoff: '16:00' } });
    expect(local(desk.effectiveReceipt(at('2025-03-10T15:30')))).toBe('2025-03-10 15:30');
  });
});

describe('when the statutory limit starts counting (issue 18, item 1)', () => {
  const moving = vietnameseCalendar({ hours: { ...DEFAULT_WORKING_HOURS, cutoffMovesReceipt: true } });

  it('counts from the working day after the day of receipt, whatever the hour (Civil Code art. 147 (1))', () => {
    // Monday 10/3/2025 before and after the 15:00 cut-off: both count from Tuesday, due Thursday.
    for (const received of ['2025-03-10T09:00', '2025-03-10T15:30'])
      expect(
        local(
          vn.deadline(vn.statutoryStart(at(received), 'civil-code'), days(3), {
            countingRule: 'from-instant',
          }),
        ),
      ).toBe('2025-03-13 17:00');
  });

  it('never skips the same day twice: a dossier filed at 02:00 on Saturday 5/12/2026 for 15 working days is due Friday 25/12', () => {
    // The next working day, Monday 7/12, is day 1 (before: the receipt moved to Monday, then Monday was
    // skipped again as the day of receipt, and the appointment fell on Monday 28/12).
    const start = vn.statutoryStart(at('2026-12-05T02:00'), 'civil-code');
    expect(local(start)).toBe('2026-12-07 07:30');
    expect(local(vn.deadline(start, days(15), { countingRule: 'from-instant' }))).toBe('2026-12-25 17:00');
    // Also where the province lets the cut-off move the receipt: a closed day is not "after the cut-off".
    expect(local(moving.statutoryStart(at('2026-12-05T02:00'), 'civil-code'))).toBe('2026-12-07 07:30');
  });

  it('moves the receipt to the next working day after the cut-off only where the unit says so (a provincial choice)', () => {
    expect(local(moving.statutoryStart(at('2025-03-10T14:59'), 'civil-code'))).toBe('2025-03-11 07:30');
    expect(local(moving.statutoryStart(at('2025-03-10T15:00'), 'civil-code'))).toBe('2025-03-12 07:30');
    // Friday after the cut-off: received Monday, counted from Tuesday.
    expect(local(moving.statutoryStart(at('2025-03-14T16:00'), 'civil-code'))).toBe('2025-03-18 07:30');
  });

  it('counts a budget in hours from the receipt itself in working time, or from the next opening', () => {
    expect(local(vn.statutoryStart(at('2025-03-10T16:00'), 'from-instant'))).toBe('2025-03-10 16:00');
    expect(local(vn.statutoryStart(at('2025-03-10T12:00'), 'from-instant'))).toBe('2025-03-10 13:00');
    expect(local(vn.statutoryStart(at('2025-03-10T20:00'), 'from-instant'))).toBe('2025-03-11 07:30');
    expect(local(moving.statutoryStart(at('2025-03-10T16:00'), 'from-instant'))).toBe('2025-03-11 07:30');
  });
});

describe('the transfer deadline of a counter dossier (issue 18, item 10; Decree 118/2025 art. 18 (3))', () => {
  it('is the end of the day before the cut-off, and the opening of the next working day after it', () => {
    expect(local(vn.transferDueBy(at('2025-03-10T14:59')))).toBe('2025-03-10 17:00');
    expect(local(vn.transferDueBy(at('2025-03-10T15:00')))).toBe('2025-03-11 07:30');
    expect(local(vn.transferDueBy(at('2025-03-14T16:00')))).toBe('2025-03-17 07:30');
    expect(local(vn.transferDueBy(at('2025-03-08T09:00')))).toBe('2025-03-10 07:30');
  });
});

describe('pauses and excluded phases', () => {
  it('moves a deadline by exactly the working time a supplement pause covered', () => {
    // Received Monday 10/3 10:00: 3 days are due Thursday 13/3 17:00. The applicant is asked for more
    // on Tuesday 13:00 and answers on Thursday 09:00: 4 + 8 + 1.5 = 13.5 working hours paused.
    const start = at('2025-03-10T10:00');
    const pause = { from: at('2025-03-11T13:00'), to: at('2025-03-13T09:00') };
    const plain = vn.deadline(start, days(3));
    const paused = vn.deadline(start, days(3), { exclusions: [pause] });
    expect([local(plain), local(paused)]).toEqual(['2025-03-13 17:00', '2025-03-17 14:30']);
    expect(vn.workingTimeBetween(pause.from, pause.to)).toBe(13.5 * HOUR);
    expect(vn.workingTimeBetween(plain, paused)).toBe(13.5 * HOUR);
  });

  it('moves deadlines by exactly the paused working time, for 500 random pauses after counting starts', () => {
    const next = random(7);
    for (let i = 0; i < 500; i += 1) {
      const start =
        at('2024-01-02T00:00') +
        Math.floor(next() * 2.5 * 365) * 86_400_000 +
        Math.floor(next() * 86_400_000);
      const budget = hours(Math.round(next() * 400) / 4);
      const counting = vn.countingStart(start, 'civil-code');
      const pause = { from: counting + Math.floor(next() * 20 * 86_400_000), to: 0 };
      const excluded = { ...pause, to: pause.from + Math.floor(next() * 10 * 86_400_000) };
      const plain = vn.deadline(start, budget);
      const moved = vn.deadline(start, budget, { exclusions: [excluded] });
      const pausedBeforeDue = vn.workingTimeBetween(excluded.from, Math.min(excluded.to, moved));
      expect(vn.workingTimeBetween(plain, moved)).toBe(pausedBeforeDue);
      expect(vn.workingTimeBetween(counting, moved, [excluded])).toBe(vn.budgetMs(budget));
    }
  });

  it('does not count an excluded phase nor overlapping pauses twice', () => {
    const start = at('2025-03-10T07:30');
    const exclusions = [
      { from: at('2025-03-10T09:00'), to: at('2025-03-10T10:00') },
      { from: at('2025-03-10T09:30'), to: at('2025-03-10T11:00') },
    ];
    expect(local(vn.deadline(start, hours(4), { countingRule: 'from-instant', exclusions }))).toBe(
      '2025-03-10 15:00',
    );
  });
});

describe('working time between instants', () => {
  it('counts only working hours of working days', () => {
    expect(vn.workingTimeBetween(at('2025-03-14T16:00'), at('2025-03-17T08:30'))).toBe(2 * HOUR);
    expect(vn.workingTimeBetween(at('2025-03-10T12:00'), at('2025-03-10T13:30'))).toBe(0.5 * HOUR);
  });

  it('finds one working day between Friday before Tết 2025 and Monday after it', () => {
    expect(vn.workingTimeBetween(at('2025-01-24T17:00'), at('2025-02-04T07:30'))).toBe(8 * HOUR);
  });

  it('is zero for an empty or reversed interval', () => {
    expect(vn.workingTimeBetween(at('2025-03-10T10:00'), at('2025-03-10T10:00'))).toBe(0);
    expect(vn.workingTimeBetween(at('2025-03-10T11:00'), at('2025-03-10T10:00'))).toBe(0);
  });

  it('counts the 2025 working year: 250 days of 8 hours', () => {
    expect(vn.workingTimeBetween(at('2025-01-01T00:00'), at('2026-01-01T00:00'))).toBe(250 * 8 * HOUR);
  });
});

describe('properties', () => {
  const next = random(42);
  const cases = [...Array(2_000).keys()].map(() => ({
    start: at('2024-01-01T00:00') + Math.floor(next() * 3 * 365 * 86_400_000),
    budget: next() < 0.5 ? days(Math.round(next() * 120) / 4) : hours(Math.round(next() * 200) / 4),
    rule: next() < 0.5 ? ('civil-code' as const) : ('from-instant' as const),
  }));

  it('gives back exactly the budget between counting start and deadline', () => {
    for (const { start, budget, rule } of cases) {
      const due = vn.deadline(start, budget, { countingRule: rule });
      expect(vn.workingTimeBetween(vn.countingStart(start, rule), due)).toBe(vn.budgetMs(budget));
    }
  });

  it('is due in working time or at a closing time, never in a gap', () => {
    for (const { start, budget, rule } of cases) {
      const due = vn.deadline(start, budget, { countingRule: rule });
      if (vn.budgetMs(budget) > 0) expect(vn.isWorkingInstant(due - 1)).toBe(true);
    }
  });

  it('adds in steps the same as at once', () => {
    for (const { start, budget } of cases) {
      const whole = vn.budgetMs(budget);
      const part = Math.floor(whole / 3);
      expect(vn.addWorkingTime(vn.addWorkingTime(start, part), whole - part)).toBe(
        vn.addWorkingTime(start, whole),
      );
    }
  });

  it('never gives an earlier deadline for a later event', () => {
    const sorted = [...cases].sort((a, b) => a.start - b.start);
    let previous = -Infinity;
    for (const { start } of sorted) {
      const due = vn.deadline(start, days(3));
      expect(due).toBeGreaterThanOrEqual(previous);
      previous = due;
    }
  });
});

describe('many deadlines in a row', () => {
  // How fast is measured by `npm run bench:calendar`, not here: a timed test fails on a busy machine.
  it('computes 10,000 deadlines of 30 working days, each no earlier than the one before', () => {
    const start = at('2025-01-02T10:00');
    let last = 0;
    for (let i = 0; i < 10_000; i += 1) {
      const due = vn.deadline(start + i * 600_000, days(30));
      expect(due).toBeGreaterThanOrEqual(last);
      last = due;
    }
    expect(last).toBeGreaterThan(start + 30 * 86_400_000);
  });
});

describe('reception hours apart from counting hours', () => {
  const saturdayDesk = vietnameseCalendar({
    hours: { ...DEFAULT_WORKING_HOURS, reception: { saturdays: [['07:30', '11:30']] } },
  });

  it('receives on Saturday morning but starts the clock when the next working day opens', () => {
    expect(saturdayDesk.isReceptionOpen(at('2025-03-08T09:00'))).toBe(true);
    expect(saturdayDesk.isReceptionOpen(at('2025-03-08T14:00'))).toBe(false);
    expect(saturdayDesk.isReceptionOpen(at('2025-03-09T09:00'))).toBe(false);
    expect(local(saturdayDesk.effectiveReceipt(at('2025-03-08T09:00')))).toBe('2025-03-10 07:30');
    expect(saturdayDesk.isWorkingInstant(at('2025-03-08T09:00'))).toBe(false);
  });

  it('keeps a Saturday desk closed inside a holiday break and open on a Saturday worked in exchange', () => {
    expect(saturdayDesk.isReceptionOpen(at('2025-02-01T09:00'))).toBe(false);
    expect(saturdayDesk.isReceptionOpen(at('2025-04-26T09:00'))).toBe(true);
  });

  it('receives during counting hours only, by default', () => {
    expect(vn.isReceptionOpen(at('2025-03-08T09:00'))).toBe(false);
    expect(vn.isReceptionOpen(at('2025-03-10T12:00'))).toBe(false);
    expect(vn.isReceptionOpen(at('2025-03-10T13:30'))).toBe(true);
  });
});

describe('working-hours configuration', () => {
  it('lists every problem of an invalid configuration', () => {
    const result = parseWorkingHours({
      segments: [
        ['07:30', '12:00'],
        ['11:00', '17:00'],
        ['18:00', '17:30'],
      ],
      receptionCutoff: '25:00',
      reception: { sundays: [] },
    });
    expect(result.ok ? [] : result.problems.map((p) => p.path)).toEqual([
      'segments[2]',
      'segments',
      'receptionCutoff',
      'reception.sundays',
    ]);
  });

  it('refuses to build a calendar on invalid hours', () => {
    expect(
      () =>
        new VietnameseWorkingTimeCalendar(new WorkingDayCalendar(), {
          segments: [],
          receptionCutoff: '15:00',
        }),
    ).toThrow(/segments/);
  });
});

describe('calendars from compiled holiday sets', () => {
  it('gives the same deadlines as from the files', () => {
    const fromSet = vietnameseCalendar({ holidaySet: compileHolidaySet(OFFICIAL_DECISIONS, 2024, 2026) });
    expect(fromSet.deadline(at('2025-01-23T10:00'), days(5))).toBe(
      vn.deadline(at('2025-01-23T10:00'), days(5)),
    );
  });
});

describe('the always-open test calendar', () => {
  const open = alwaysOpenCalendar();

  it('runs budgets of seconds at any hour of any day, Tết included', () => {
    const start = at('2025-01-29T23:59');
    expect(open.deadline(start, { unit: 'workingSeconds', amount: 3 }) - start).toBe(3_000);
    expect(open.deadline(start, days(1), { countingRule: 'civil-code' }) - start).toBe(86_400_000);
  });

  it('moves a deadline by the paused time, also with overlapping pauses', () => {
    const start = 1_000_000;
    const exclusions = [
      { from: 1_002_000, to: 1_005_000 },
      { from: 1_004_000, to: 1_006_000 },
      { from: 1_020_000, to: 1_021_000 },
    ];
    expect(open.deadline(start, { unit: 'workingSeconds', amount: 10 }, { exclusions }) - start).toBe(14_000);
    expect(open.workingTimeBetween(start, start + 14_000, exclusions)).toBe(10_000);
  });

  it('ends "within the day" at the next local midnight', () => {
    expect(local(open.deadline(at('2025-03-10T10:00'), { unit: 'sameDay' }))).toBe('2025-03-11 00:00');
  });
});

describe('budgets', () => {
  it('refuses negative or non-finite amounts', () => {
    expect(() => vn.budgetMs(days(-1))).toThrow(RangeError);
    expect(() => vn.budgetMs(hours(Number.NaN))).toThrow(RangeError);
  });

  it('is due when counting starts for a zero budget', () => {
    expect(local(vn.deadline(at('2025-03-10T10:00'), days(0)))).toBe('2025-03-11 07:30');
    expect(local(vn.deadline(at('2025-03-10T10:00'), days(0), { countingRule: 'from-instant' }))).toBe(
      '2025-03-10 10:00',
    );
  });
});
