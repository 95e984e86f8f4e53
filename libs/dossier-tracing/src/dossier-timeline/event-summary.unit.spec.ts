import { handedOff, received } from '@lien-thong/dossiers/testing';
import {
  everyEventType,
  excludedStepDoneLate,
  paidLateRecordedAsLate,
} from '../testing/dossier-sample-events';
import { summarizeDossierEvent } from './event-summary';

describe('summarizeDossierEvent', () => {
  it('summarises a handoff with the step, both agencies and the deadline in Vietnam time', () => {
    expect(
      summarizeDossierEvent(
        handedOff('tham-dinh', '000.00.07.H29', '000.00.05.H29', { deadline: '2026-11-25T17:00:00+07:00' }),
      ),
    ).toEqual({
      vi: "Chuyển bước 'tham-dinh' từ 000.00.05.H29 sang 000.00.07.H29, hạn 17:00 25/11/2026",
      en: "Step 'tham-dinh' handed off from 000.00.05.H29 to 000.00.07.H29, due 17:00 25/11/2026",
    });
  });

  it('summarises a step excluded from the limit as not counted, never as the holder being late', () => {
    const completion = excludedStepDoneLate.find(
      (e) => e.type === 'StepCompleted' && e.data.stepId === 'insurance',
    )!;
    const next = excludedStepDoneLate.find((e) => e.type === 'StepHandedOff' && e.data.stepId === 'sign')!;
    expect(summarizeDossierEvent(completion)).toEqual({
      vi: "000.00.61.H29 hoàn thành bước 'insurance' (không tính vào thời hạn giải quyết; quá thời hạn riêng của bước (17:00 26/11/2025))",
      en: "000.00.61.H29 completed step 'insurance' (not counted towards the time limit; past the step's own period (17:00 26/11/2025))",
    });
    expect(summarizeDossierEvent(next)).toEqual({
      vi: "Chuyển bước 'sign' từ 000.00.61.H29 sang 000.00.71.H29, hạn 16:00 28/11/2025; bước trước 'insurance' không tính vào thời hạn giải quyết",
      en: "Step 'sign' handed off from 000.00.61.H29 to 000.00.71.H29, due 16:00 28/11/2025; previous step 'insurance' not counted towards the time limit",
    });
    const judged = paidLateRecordedAsLate.filter(
      (e) => e.type === 'StepCompleted' || e.type === 'StepHandedOff',
    );
    expect(judged.map((e) => summarizeDossierEvent(e).vi).join(' ')).toContain('trễ hạn');
  });

  it('summarises the receipt without the applicant reference or the receiving officer', () => {
    const summary = summarizeDossierEvent(received);
    expect(summary.vi).toBe(
      'Tiếp nhận hồ sơ 000.00.05.H54-251124-0001, thủ tục 1.001193 (phiên bản 3) trực tiếp tại quầy, tại 000.00.05.H54, theo Nghị định 118/2025/NĐ-CP; hẹn trả 17:00 28/11/2025',
    );
    expect(JSON.stringify(summary)).not.toMatch(/vault:|officer-/);
  });

  it('names the decree the dossier follows, and says when no receipt was issued (issue 18, items 7, 9)', () => {
    if (received.type !== 'DossierReceived') throw new Error('fixture');
    const old = summarizeDossierEvent({
      type: 'DossierReceived',
      data: { ...received.data, ruleSet: 'decree-61-2018', receiptIssued: false },
    });
    expect(old.vi).toContain(
      'theo Nghị định 61/2018/NĐ-CP; hẹn trả 17:00 28/11/2025; trả kết quả ngay, không lập Giấy tiếp nhận hồ sơ và hẹn trả kết quả',
    );
    expect(old.en).toContain(
      'under Decree 61/2018/NĐ-CP; appointment 17:00 28/11/2025; result given at once',
    );
  });

  it.each(everyEventType.map((e) => [e.type, e] as const))(
    'summarises %s in both languages with no personal data or free text',
    (_type, event) => {
      const { vi, en } = summarizeDossierEvent(event);
      expect(vi.length).toBeGreaterThan(5);
      expect(en.length).toBeGreaterThan(5);
      expect(vi).not.toBe(en);
      for (const secret of [
        'vault:',
        'officer-',
        'head-71',
        'Nguyễn Văn A',
        'Thiếu',
        'Thông tin không khớp',
        'Sửa ngày sinh',
        'Người nộp đề nghị',
        'Nộp thuế',
        'Hết thời hạn',
        'Đã xử lý',
      ]) {
        expect(vi).not.toContain(secret);
        expect(en).not.toContain(secret);
      }
    },
  );
});
