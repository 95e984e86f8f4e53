import type { DossierCommand } from '../dossier-commands';
import {
  allStepsDone,
  at,
  parallel,
  refusedAtIntake,
  resultReady,
  resultReturned,
  stopped,
} from '../../testing/dossier-fixtures';
import { given } from '../../testing/given-when-then';

const rate: DossierCommand = {
  type: 'RateSatisfaction',
  score: 5,
  comment: 'Nhanh, đúng hẹn',
  at: at(27, '16:00'),
};
const erase: DossierCommand = {
  type: 'EraseApplicantData',
  reason: 'Hết thời hạn lưu trữ',
  at: '2035-11-27T09:00:00+07:00',
};

describe('satisfaction (1 to 5, no personal data)', () => {
  const finished = [...allStepsDone, resultReady, resultReturned];

  it('records a rating once the dossier is closed', () => {
    given(...finished)
      .when(rate)
      .then([
        {
          type: 'SatisfactionRated',
          data: { score: 5, comment: 'Nhanh, đúng hẹn', ratedAt: at(27, '16:00') },
        },
      ]);
    given(...parallel, stopped)
      .when(rate)
      .thenEmits('SatisfactionRated');
    given(refusedAtIntake).when(rate).thenEmits('SatisfactionRated');
  });

  it('refuses a rating while the dossier is open', () => {
    given(...parallel)
      .when(rate)
      .thenFails('DOSSIER_STILL_OPEN', 'conflict');
  });

  it('rates a dossier once', () => {
    given(...finished, {
      type: 'SatisfactionRated',
      data: { score: 4, comment: null, ratedAt: at(27, '15:30') },
    })
      .when(rate)
      .thenFails('DOSSIER_ALREADY_RATED', 'conflict');
  });

  it('accepts only a whole score from 1 to 5 and a short comment', () => {
    for (const score of [0, 6, 3.5])
      given(...finished)
        .when({ ...rate, score })
        .thenFails('DOSSIER_INVALID_COMMAND');
    given(...finished)
      .when({ ...rate, comment: 'x'.repeat(1001) })
      .thenFails('DOSSIER_INVALID_COMMAND');
    given(...finished)
      .when({ type: 'RateSatisfaction', score: 1, comment: '  ', at: at(27, '16:00') })
      .thenEmits('SatisfactionRated', { score: 1, comment: null });
  });
});

describe('erasure of the applicant’s personal data', () => {
  it('records the erasure of a closed dossier’s personal data, once', () => {
    const state = given(...allStepsDone, resultReady, resultReturned)
      .when(erase)
      .then([
        {
          type: 'ApplicantDataErased',
          data: { erasedAt: '2035-11-27T09:00:00+07:00', reason: 'Hết thời hạn lưu trữ' },
        },
      ]);
    expect(state.applicantDataErased).toBe(true);
    given(refusedAtIntake).when(erase).thenEmits('ApplicantDataErased');
    given(...allStepsDone, resultReady, resultReturned, {
      type: 'ApplicantDataErased',
      data: { erasedAt: at(28), reason: 'x' },
    })
      .when(erase)
      .thenFails('DOSSIER_APPLICANT_DATA_ALREADY_ERASED', 'conflict');
  });

  it('keeps the personal data while the dossier is still being processed', () => {
    given(...parallel)
      .when(erase)
      .thenFails('DOSSIER_STILL_OPEN');
  });
});
