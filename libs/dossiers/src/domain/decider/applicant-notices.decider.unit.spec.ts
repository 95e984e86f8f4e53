import type { DossierCommand } from '../dossier-commands';
import { at, received, supplementRequestedAtIntake } from '../../testing/dossier-fixtures';
import { given } from '../../testing/given-when-then';

/**
 * What the applicant was told (issue 18, item 11). domain.md, lifecycle 9: "If it is ready early, the
 * applicant is told"; 7: the agency responsible sends the applicant a written apology (form 04); 2: the
 * desk lists, once and completely, what is missing (form 02). Each sending is recorded once; nothing is
 * sent once the applicant's personal data is erased.
 */
const cause = { eventId: 'ev-1', eventType: 'DossierReceived' };
const sent = (channel: 'email' | 'sms', noticeId = 'n-1'): DossierCommand => ({
  type: 'RecordApplicantNotice',
  notice: {
    type: 'ApplicantNotified',
    data: {
      noticeId,
      kind: 'intake-acknowledged',
      channel,
      cause,
      sentAt: at(1, '08:01'),
      providerMessageId: '<n-1@lien-thong.invalid>',
    },
  },
});
const notified = (channel: 'email' | 'sms') => {
  const command = sent(channel);
  if (command.type !== 'RecordApplicantNotice') throw new Error('unreachable');
  return command.notice;
};
const notSent: DossierCommand = {
  type: 'RecordApplicantNotice',
  notice: {
    type: 'ApplicantNoticeNotSent',
    data: {
      noticeId: 'n-2',
      kind: 'supplement-requested',
      channel: null,
      cause: { eventId: 'ev-2', eventType: 'DossierSupplementRequestedAtIntake' },
      reason: 'personal-data-erased',
      detail: 'the applicant’s personal data is erased',
      at: at(1, '08:05'),
    },
  },
};
const erased = {
  type: 'ApplicantDataErased' as const,
  data: { erasedAt: at(2, '09:00'), reason: 'Yêu cầu xóa' },
};

describe('recording a notice to the applicant', () => {
  it('records each channel of a notice once: a sender retried after a crash writes nothing twice', () => {
    const after = given(received).when(sent('email')).thenEmits('ApplicantNotified', { channel: 'email' });
    expect(after.applicantNotices).toEqual(['n-1/email']);
    given(received, notified('email')).when(sent('email')).thenNothing();
    // The same notice on another channel is its own sending.
    given(received, notified('email')).when(sent('sms')).thenEmits('ApplicantNotified', { channel: 'sms' });
  });

  it('records a notice in the stream of an intake that ended with a supplement request (no code yet)', () => {
    given(supplementRequestedAtIntake).when(notSent).thenEmits('ApplicantNoticeNotSent', {
      reason: 'personal-data-erased',
      channel: null,
    });
  });

  it('never records a sending after the personal data was erased, only why nothing was sent', () => {
    given(received, erased)
      .when(sent('email'))
      .thenFails('DOSSIER_APPLICANT_DATA_ALREADY_ERASED', 'conflict');
    given(received, erased)
      .when({ ...notSent })
      .thenEmits('ApplicantNoticeNotSent');
  });

  it('refuses a stream that never began, and a malformed record, naming the fields', () => {
    given().when(sent('email')).thenFails('DOSSIER_NOT_FOUND', 'not-found');
    const bad: DossierCommand = {
      type: 'RecordApplicantNotice',
      notice: {
        type: 'ApplicantNotified',
        data: {
          noticeId: '',
          kind: 'gossip' as never,
          channel: 'fax' as never,
          cause,
          sentAt: 'yesterday',
          providerMessageId: null,
        },
      },
    };
    const error = given(received).when(bad).thenFails('DOSSIER_INVALID_COMMAND', 'validation');
    expect(JSON.stringify(error)).toContain('notice.kind');
  });
});
