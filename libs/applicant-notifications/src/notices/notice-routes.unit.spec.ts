import { isNoticeEventType, NOTICE_EVENT_TYPES, owedNotice } from './notice-routes';
import { noticeMessage, vietnamTime, type NoticeNames } from './notice-message';
import { scrubbed } from '../senders/notice-sender.port';

/**
 * Which events owe the applicant a notice, and what it says (issue 18, item 11). domain.md: an online
 * dossier is acknowledged with its code (lifecycle 1–2, the receipt); the desk lists once and
 * completely what is missing (form 02); the agency responsible for a delay sends the applicant a
 * written apology with the reason and a new appointment (form 04, lifecycle 7); "If it is ready early,
 * the applicant is told" (lifecycle 9).
 */
const received = {
  dossierCode: '000.00.71.H29-261204-0001',
  procedure: { code: '1.001193', version: 2, bundleOf: [] },
  channel: 'online',
  receivedAt: '2026-12-04T09:15:00+07:00',
  appointmentAt: '2026-12-08T17:00:00+07:00',
  receivingUnitCode: '000.00.71.H29',
  lookupKey: 'K7M2-P9QX',
};
const names: NoticeNames = {
  agency: (code) =>
    code === '000.00.71.H29'
      ? { vi: 'Ủy ban nhân dân phường Sài Gòn', en: "Sai Gon Ward People's Committee" }
      : { vi: code, en: code },
  procedure: { vi: 'Đăng ký khai sinh', en: 'Birth registration' },
};

describe('which events owe the applicant a notice', () => {
  it('acknowledges online and national-portal intakes only: a counter or postal applicant is handed form 01', () => {
    expect(owedNotice('DossierReceived', received, received.dossierCode)).toMatchObject({
      kind: 'intake-acknowledged',
      lookupKey: 'K7M2-P9QX',
    });
    expect(owedNotice('DossierReceived', { ...received, channel: 'national-portal' }, 'x')?.kind).toBe(
      'intake-acknowledged',
    );
    for (const channel of ['counter', 'post', 'other'])
      expect(owedNotice('DossierReceived', { ...received, channel }, 'x')).toBeNull();
  });

  it('sends every supplement request (at intake: under the intake reference), the apology, and the result early or not', () => {
    const items = [{ documentCode: null, action: 'add', description: 'Tờ khai' }];
    expect(
      owedNotice(
        'DossierSupplementRequestedAtIntake',
        {
          procedure: { code: '1.001193', version: null },
          items,
          reason: 'Thiếu',
          requestedAt: 'x',
          receivingUnitCode: 'D',
        },
        'ref-1',
      ),
    ).toMatchObject({ kind: 'supplement-requested', reference: 'ref-1', atIntake: true, askedBy: 'D' });
    expect(
      owedNotice('SupplementRequested', { agencyCode: 'P', items, reason: 'Thiếu', requestedAt: 'x' }, 'C-1'),
    ).toMatchObject({ kind: 'supplement-requested', reference: 'C-1', atIntake: false, askedBy: 'P' });
    expect(owedNotice('ApologyIssued', { responsibleAgencyCode: 'P', reason: 'r' }, 'C-1')?.kind).toBe(
      'apology',
    );
    expect(owedNotice('ResultReady', { outcomeAgainstAppointment: 'early' }, 'C-1')?.kind).toBe(
      'result-ready-early',
    );
    expect(owedNotice('ResultReady', { outcomeAgainstAppointment: 'on-time' }, 'C-1')?.kind).toBe(
      'result-ready',
    );
    expect(owedNotice('ResultReady', { outcomeAgainstAppointment: 'late' }, 'C-1')?.kind).toBe(
      'result-ready',
    );
  });

  it('follows only those event types', () => {
    expect([...NOTICE_EVENT_TYPES].sort()).toEqual(
      [
        'ApologyIssued',
        'DossierReceived',
        'DossierSupplementRequestedAtIntake',
        'ResultReady',
        'SupplementRequested',
      ].sort(),
    );
    expect(isNoticeEventType('StepHandedOff')).toBe(false);
  });
});

describe('what the notice says', () => {
  it('prints instants as the forms do, in Vietnam time', () => {
    expect(vietnamTime('2026-12-08T10:00:00Z')).toBe('17:00 08/12/2026');
    expect(vietnamTime('2026-12-31T17:30:00Z')).toBe('00:30 01/01/2027');
  });

  it('acknowledges with the code, the lookup key, the procedure and the appointment; Vietnamese with diacritics, English below', () => {
    const m = noticeMessage(owedNotice('DossierReceived', received, received.dossierCode)!, names);
    expect(m.subject).toBe(
      'Đã tiếp nhận hồ sơ 000.00.71.H29-261204-0001 / Dossier 000.00.71.H29-261204-0001 received',
    );
    expect(m.text).toContain(
      'Ủy ban nhân dân phường Sài Gòn đã tiếp nhận hồ sơ trực tuyến của Ông/Bà lúc 09:15 04/12/2026.',
    );
    expect(m.text).toContain('Mã tra cứu: K7M2-P9QX.');
    expect(m.text).toContain('Thủ tục: Đăng ký khai sinh (1.001193).');
    expect(m.text).toContain('Ngày hẹn trả kết quả: 17:00 08/12/2026.');
    expect(m.text.indexOf('---- English ----')).toBeGreaterThan(m.text.indexOf('Ngày hẹn'));
    expect(m.text).toContain('Appointment for the result: 17:00 08/12/2026.');
    expect(m.short).toBe(
      'Hồ sơ 000.00.71.H29-261204-0001 đã được tiếp nhận lúc 09:15 04/12/2026; hẹn trả kết quả 17:00 08/12/2026. Mã tra cứu: K7M2-P9QX.',
    );
  });

  it('lists every supplement item with what to bring (form 02), and the apology with its reason, new appointment and signer (form 04)', () => {
    const supplement = noticeMessage(
      owedNotice(
        'SupplementRequested',
        {
          agencyCode: '000.00.71.H29',
          requestedAt: '2026-12-05T08:00:00+07:00',
          reason: 'Thiếu giấy tờ',
          items: [
            {
              documentCode: 'to-khai',
              action: 'add',
              description: 'Tờ khai',
              copyKind: 'original',
              copies: 1,
            },
            { documentCode: null, action: 'correct', description: 'Sửa ngày sinh' },
          ],
        },
        'C-1',
      )!,
      names,
    );
    expect(supplement.text).toContain('1. Bổ sung: Tờ khai (1 bản chính)');
    expect(supplement.text).toContain('2. Sửa đổi: Sửa ngày sinh');
    expect(supplement.text).toContain('Lý do: Thiếu giấy tờ');
    const apology = noticeMessage(
      owedNotice(
        'ApologyIssued',
        {
          responsibleAgencyCode: '000.00.71.H29',
          reason: 'Cần xác minh',
          previousAppointmentAt: '2026-12-08T17:00:00+07:00',
          newAppointmentAt: '2026-12-10T17:00:00+07:00',
          issuedAt: '2026-12-07T10:00:00+07:00',
          signer: { name: 'Ngô Thị Ngọc', title: 'Chủ tịch' },
        },
        'C-1',
      )!,
      names,
    );
    expect(apology.text).toContain('chưa giải quyết được đúng hẹn 17:00 08/12/2026');
    expect(apology.text).toContain('Thời gian hẹn trả kết quả mới: 17:00 10/12/2026.');
    expect(apology.text).toContain('Chủ tịch: Ngô Thị Ngọc');
  });

  it('announces an early result with the appointment it beat', () => {
    const m = noticeMessage(
      owedNotice(
        'ResultReady',
        {
          outcomeAgainstAppointment: 'early',
          readyAt: '2026-12-07T10:00:00+07:00',
          appointmentAt: '2026-12-08T17:00:00+07:00',
          deskUnitCode: '000.00.71.H29',
        },
        'C-1',
      )!,
      names,
    );
    expect(m.subject).toBe('Hồ sơ C-1 đã có kết quả trước hạn / Dossier C-1: result ready early');
    expect(m.text).toContain('đã có kết quả lúc 10:00 07/12/2026, trước ngày hẹn 17:00 08/12/2026.');
  });
});

describe('errors kept in events', () => {
  it('lose the address and the phone number', () => {
    expect(scrubbed('550 5.1.1 <khong-ton-tai@example.vn>: Recipient address rejected')).toBe(
      '550 5.1.1 <<address>>: Recipient address rejected',
    );
    expect(scrubbed('number +84 903 000 333 refused')).toBe('number <number> refused');
    expect(scrubbed('x'.repeat(1000))).toHaveLength(300);
  });
});
