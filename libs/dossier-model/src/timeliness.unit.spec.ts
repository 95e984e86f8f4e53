import { classifyTimeliness, resolvedWithinDay, vietnamDateOf } from './timeliness';

describe('timeliness (trước hạn / đúng hạn / trễ hạn)', () => {
  const due = '2025-11-28T17:00:00+07:00';

  it('is early when finished on a day before the due day', () => {
    expect(classifyTimeliness('2025-11-27T16:59:00+07:00', due)).toBe('early');
  });

  it('is on time on the due day up to the due instant', () => {
    expect(classifyTimeliness('2025-11-28T07:30:00+07:00', due)).toBe('on-time');
    expect(classifyTimeliness('2025-11-28T17:00:00+07:00', due)).toBe('on-time');
  });

  it('is late after the due instant, also on the due day', () => {
    expect(classifyTimeliness('2025-11-28T17:00:01+07:00', due)).toBe('late');
  });

  it('judges days in Vietnam time, not UTC', () => {
    // 06:30 in Hà Nội is still the previous day in UTC.
    expect(vietnamDateOf('2025-11-28T06:30:00+07:00')).toBe('2025-11-28');
    expect(classifyTimeliness('2025-11-28T06:30:00+07:00', due)).toBe('on-time');
    expect(classifyTimeliness('2025-11-27T23:30:00Z', due)).toBe('on-time');
  });
});

describe('resolved within the day (giải quyết trong ngày, issue 18, item 9)', () => {
  // A limit "within the day" comes from the sector's law, e.g. Decree 23/2015/NĐ-CP art. 7 (certifying
  // copies): "trong ngày cơ quan, tổ chức tiếp nhận yêu cầu hoặc trong ngày làm việc tiếp theo, nếu tiếp
  // nhận yêu cầu sau 15 giờ". Neither Decree 61/2018 nor 118/2025 says how to count such dossiers; the
  // choice made here (docs/rules.md, item 9): ready by its due date, the end of the working day it counts
  // from, it is resolved within the day, whether its timeliness reads early or on time.
  it('counts a same-day or immediate dossier ready by its due date as resolved within the day', () => {
    expect(resolvedWithinDay({ unit: 'sameDay' }, 'on-time')).toBe(true);
    expect(resolvedWithinDay({ unit: 'sameDay' }, 'early')).toBe(true);
    expect(resolvedWithinDay({ unit: 'immediate' }, 'on-time')).toBe(true);
  });

  it('does not count a late one', () => {
    expect(resolvedWithinDay({ unit: 'sameDay' }, 'late')).toBe(false);
  });

  it('says nothing of other limits, or of dossiers received before the limit was recorded', () => {
    expect(resolvedWithinDay({ unit: 'workingDays', amount: 1 }, 'on-time')).toBeNull();
    expect(resolvedWithinDay({ unit: 'workingHours', amount: 4 }, 'early')).toBeNull();
    expect(resolvedWithinDay(undefined, 'on-time')).toBeNull();
  });
});
