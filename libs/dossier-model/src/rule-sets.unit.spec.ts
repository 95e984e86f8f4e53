import { RULE_SET_VERSIONS } from './dossier-snapshot';
import { FORM_KINDS, RULE_SETS, ruleSetAt, ruleSetOf } from './rule-sets';

const nextDay = (day: string): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

describe('rule sets (issue 18, item 7)', () => {
  // Decree 118/2025/NĐ-CP (signed 9/6/2025), article on entry into force: "Nghị định này có hiệu lực thi
  // hành từ ngày 01 tháng 7 năm 2025", replacing Decree 61/2018/NĐ-CP (amended by Decree 107/2021/NĐ-CP).
  // Circular 03/2025/TT-VPCP replaces Circular 01/2018/TT-VPCP from the same day.
  it('follows Decree 61/2018 and Circular 01/2018 up to 30/6/2025, Vietnam time', () => {
    for (const instant of [
      '2019-03-01T09:00:00+07:00',
      '2025-06-30T23:59:59+07:00',
      '2025-06-30T16:59:59Z',
    ]) {
      const r = ruleSetAt(instant);
      expect(r?.version).toBe('decree-61-2018');
      expect(r?.decree).toEqual({
        number: '61/2018/NĐ-CP',
        inForceFrom: '2018-06-21',
        amendedBy: [{ number: '107/2021/NĐ-CP' }],
      });
      expect(r?.circular.number).toBe('01/2018/TT-VPCP');
    }
  });

  it('follows Decree 118/2025 (amended by 367/2025) and Circular 03/2025 from 1/7/2025, Vietnam time', () => {
    for (const instant of ['2025-07-01T00:00:00+07:00', '2025-06-30T17:00:00Z', Date.parse('2026-12-04')]) {
      const r = ruleSetAt(instant);
      expect(r?.version).toBe('decree-118-2025');
      expect(r?.decree.number).toBe('118/2025/NĐ-CP');
      expect(r?.decree.amendedBy).toEqual([{ number: '367/2025/NĐ-CP' }]);
      expect(r?.circular).toEqual({ number: '03/2025/TT-VPCP', inForceFrom: '2025-07-01' });
    }
  });

  it('has no rule set before Decree 61/2018 took effect (21/6/2018), nor for an invalid instant', () => {
    expect(ruleSetAt('2018-06-20T23:59:00+07:00')).toBeNull();
    expect(ruleSetAt('2018-06-21T00:00:00+07:00')?.version).toBe('decree-61-2018');
    expect(ruleSetAt('not a time')).toBeNull();
  });

  it('covers time from the first rule set on without a gap or an overlap, one entry per version', () => {
    expect(RULE_SETS.map((r) => r.version)).toEqual([...RULE_SET_VERSIONS]);
    RULE_SETS.forEach((r, i) => {
      const next = RULE_SETS[i + 1];
      if (next) expect(next.inForceFrom).toBe(nextDay(r.inForceUntil!));
      else expect(r.inForceUntil).toBeNull();
    });
  });

  // Circular 01/2018/TT-VPCP: forms 01 to 06, the control slip being form 05 and the register form 06,
  // and no notice of stopping; Circular 03/2025/TT-VPCP: forms 01 to 07, form 04 the apology and request
  // to extend, form 05 the notice of stopping, 06 the control slip, 07 the register.
  it('numbers and titles each form as its circular does', () => {
    const numbers = (version: 'decree-61-2018' | 'decree-118-2025') =>
      FORM_KINDS.map((kind) => [kind, ruleSetOf(version).forms[kind]?.number ?? null]);
    expect(numbers('decree-61-2018')).toEqual([
      ['receipt', '01'],
      ['supplement-request', '02'],
      ['refusal', '03'],
      ['apology', '04'],
      ['stop-notice', null],
      ['control-slip', '05'],
      ['register', '06'],
    ]);
    expect(numbers('decree-118-2025')).toEqual([
      ['receipt', '01'],
      ['supplement-request', '02'],
      ['refusal', '03'],
      ['apology', '04'],
      ['stop-notice', '05'],
      ['control-slip', '06'],
      ['register', '07'],
    ]);
    const old = ruleSetOf('decree-61-2018').forms;
    const now = ruleSetOf('decree-118-2025').forms;
    expect(old.apology?.title.vi).toBe('Phiếu xin lỗi và hẹn lại ngày trả kết quả');
    expect(now.apology?.title.vi).toBe('Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết');
    expect(now['stop-notice']?.title.vi).toBe('Thông báo dừng giải quyết hồ sơ');
    expect(old['control-slip']?.title).toEqual(now['control-slip']?.title);
    expect(old.register?.title.vi).toBe('Sổ theo dõi hồ sơ');
  });

  it('refuses a version it does not know', () => {
    expect(() => ruleSetOf('decree-1-1900' as never)).toThrow(RangeError);
  });
});
