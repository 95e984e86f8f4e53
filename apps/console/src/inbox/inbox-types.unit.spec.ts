import { badgesOf, sortInbox, type InboxItem } from './inbox-types';

const item = (over: Partial<InboxItem>): InboxItem => ({
  dossierCode: 'A',
  stepId: 's',
  agencyCode: 'X',
  procedureCode: 'p',
  procedureVersion: 1,
  fromAgencyCode: null,
  handedOffAt: '2026-03-09T08:00:00+07:00',
  deadline: '2026-03-12T17:00:00+07:00',
  dueAt: null,
  appointmentAt: null,
  acceptedAt: null,
  overdue: false,
  overdueDetectedAt: null,
  clockPaused: false,
  awaitingSupplement: false,
  apologyRequestedAt: null,
  apologyRespondBy: null,
  links: { dossier: '', accept: '', complete: '', return: '', supplementRequest: '' },
  ...over,
});

describe('inbox badges and order', () => {
  const now = Date.parse('2026-03-12T08:00:00+07:00');
  it('marks overdue, paused, supplement and apology rows, and those due within a day', () => {
    expect(badgesOf(item({ overdue: true, apologyRequestedAt: 'x' }), now)).toEqual(['overdue', 'apology']);
    expect(badgesOf(item({ clockPaused: true, awaitingSupplement: true }), now)).toEqual([
      'supplement',
      'paused',
      'due-soon',
    ]);
    expect(badgesOf(item({ deadline: '2026-03-20T17:00:00+07:00' }), now)).toEqual(['on-time']);
    const warning = { probability: 0.8, warnedAt: '2026-03-11T09:00:00+07:00' };
    expect(badgesOf(item({ latenessWarning: warning, deadline: '2026-03-20T17:00:00+07:00' }), now)).toEqual([
      'at-risk',
      'on-time',
    ]);
    expect(badgesOf(item({ latenessWarning: warning, overdue: true }), now)).toEqual(['overdue']);
  });
  it('sorts by deadline either way', () => {
    const rows = [
      item({ dossierCode: 'late', deadline: '2026-03-20T17:00:00+07:00' }),
      item({ dossierCode: 'soon', deadline: '2026-03-10T17:00:00+07:00' }),
    ];
    expect(sortInbox(rows, 'asc').map((r) => r.dossierCode)).toEqual(['soon', 'late']);
    expect(sortInbox(rows, 'desc').map((r) => r.dossierCode)).toEqual(['late', 'soon']);
  });
});
