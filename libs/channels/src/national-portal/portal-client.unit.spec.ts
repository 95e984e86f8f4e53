import { readSubmission } from './portal-client';

describe('a submission from the portal', () => {
  const good = {
    portalId: 'G22.2026.000001',
    submittedAt: '2026-03-09T01:02:03.000Z',
    procedureCode: '1.001193',
    receivingUnitCode: '000.00.71.H29',
    applicant: { fullName: 'Phạm Thị Lan', address: '20 Pasteur', idNumber: '079190005555' },
    documents: [{ code: 'to-khai-lien-thong', copies: 1, original: true }],
  };

  it('is read when it has the shape of one', () => {
    expect(readSubmission(good)).toEqual({ ok: true, submission: good });
  });

  it('is refused field by field otherwise, before anything of ours reads it', () => {
    const bad = readSubmission({
      ...good,
      portalId: '../x',
      applicant: { fullName: '', address: 5 },
      documents: [{ code: 'x', copies: 0 }],
    });
    expect(bad.ok).toBe(false);
    expect(bad.ok ? [] : bad.problems.map((p) => p.path).sort()).toEqual([
      'applicant.address',
      'applicant.fullName',
      'applicant.idNumber',
      'documents.0.copies',
      'portalId',
    ]);
    expect(readSubmission('not an object').ok).toBe(false);
  });
});
