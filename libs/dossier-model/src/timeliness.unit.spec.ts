import { classifyTimeliness, vietnamDateOf } from './timeliness';

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
