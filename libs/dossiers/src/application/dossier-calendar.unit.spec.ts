import { alwaysOpenCalendar, vietnameseCalendar } from '@lien-thong/calendar';
import { noticeDeadline, statutoryDueAt } from './dossier-calendar';

const vn = (local: string) => Date.parse(`${local}+07:00`);
const iso = (ms: number) => new Date(ms).toISOString();

describe('the apology notice before an appointment (issue 18, item 3)', () => {
  // Decree 61/2018 art. 19 (kept by Decree 118/2025): the agency that causes the delay sends the
  // applicant its apology and new appointment "chậm nhất 01 ngày trước ngày hẹn trả kết quả".
  it('one working day before an appointment on Thursday is the close of Wednesday', () => {
    const due = vn('2026-11-26T16:00:00');
    expect(iso(noticeDeadline(vietnameseCalendar(), due, { unit: 'workingDays', amount: 1 }))).toBe(
      iso(vn('2026-11-25T17:00:00')),
    );
  });

  it('skips the weekend and public holidays: one working day before Monday is Friday', () => {
    const due = vn('2026-11-30T09:00:00');
    expect(iso(noticeDeadline(vietnameseCalendar(), due, { unit: 'workingDays', amount: 1 }))).toBe(
      iso(vn('2026-11-27T17:00:00')),
    );
    // National Day 2026: 1/9 and 2/9 by law, and Monday 31/8 swapped for Saturday 22/8 (Thông báo 9441/TB-BNV); before
    // Thursday 3/9 is Friday 28/8.
    expect(
      iso(
        noticeDeadline(vietnameseCalendar(), vn('2026-09-03T10:00:00'), { unit: 'workingDays', amount: 1 }),
      ),
    ).toBe(iso(vn('2026-08-28T17:00:00')));
  });

  it('counts hours and seconds back in working time (test procedures)', () => {
    expect(
      iso(
        noticeDeadline(vietnameseCalendar(), vn('2026-11-26T09:00:00'), { unit: 'workingHours', amount: 2 }),
      ),
    ).toBe(iso(vn('2026-11-25T16:30:00')));
    const due = Date.parse('2026-11-26T02:00:00Z');
    expect(noticeDeadline(alwaysOpenCalendar(), due, { unit: 'workingSeconds', amount: 12 })).toBe(
      due - 12_000,
    );
  });
});

describe('the statutory due date (issue 18, items 1 and 10)', () => {
  // Civil Code art. 147 (1): a period in days starts on the day after the event; a dossier received
  // on Saturday 5/12/2026 at 02:00 for a 15-working-day procedure counts from Monday 7/12 once.
  it('counts from the working day after the day of receipt, without skipping a day twice', () => {
    const due = statutoryDueAt(
      vietnameseCalendar(),
      vn('2026-12-05T02:00:00'),
      { unit: 'workingDays', amount: 15 },
      'civil-code',
    );
    expect(iso(due)).toBe(iso(vn('2026-12-25T17:00:00')));
  });
});
