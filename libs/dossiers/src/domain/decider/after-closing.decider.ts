// After closing: the applicant's rating and the erasure of the applicant's personal data.
import {
  type EraseApplicantData,
  MAX_SATISFACTION_COMMENT_LENGTH,
  type RateSatisfaction,
} from '../dossier-commands';
import { CommandProblems, dossierError } from '../dossier-errors';
import type { DossierEvent } from '@lien-thong/dossier-model';
import type { DossierState } from '@lien-thong/dossier-model';
import { requireClosed } from './guards';

export function rateSatisfaction(c: RateSatisfaction, state: DossierState): DossierEvent[] {
  const p = new CommandProblems();
  if (!Number.isInteger(c.score) || c.score < 1 || c.score > 5)
    p.add('score', 'RANGE', 'a whole number from 1 to 5', 'điểm là số nguyên từ 1 đến 5');
  if (c.comment !== undefined && c.comment.length > MAX_SATISFACTION_COMMENT_LENGTH)
    p.add(
      'comment',
      'TOO_LONG',
      `at most ${MAX_SATISFACTION_COMMENT_LENGTH} characters`,
      `tối đa ${MAX_SATISFACTION_COMMENT_LENGTH} ký tự`,
    );
  p.instant(c.at, 'at');
  p.throwIfAny();
  requireClosed(state, 'rate the service');
  if (state.satisfactionScore !== null) {
    throw dossierError(
      'DOSSIER_ALREADY_RATED',
      'The service was already rated',
      'Đã đánh giá mức độ hài lòng',
    );
  }
  return [
    {
      type: 'SatisfactionRated',
      data: {
        score: c.score as 1 | 2 | 3 | 4 | 5,
        comment: c.comment?.trim() || null,
        ratedAt: c.at,
      },
    },
  ];
}

export function eraseApplicantData(c: EraseApplicantData, state: DossierState): DossierEvent[] {
  const p = new CommandProblems();
  p.text(c.reason, 'reason');
  p.instant(c.at, 'at');
  p.throwIfAny();
  requireClosed(state, 'erase the applicant data');
  if (state.applicantDataErased) {
    throw dossierError(
      'DOSSIER_APPLICANT_DATA_ALREADY_ERASED',
      "The applicant's personal data was already erased",
      'Dữ liệu cá nhân của người nộp đã được xóa',
    );
  }
  return [{ type: 'ApplicantDataErased', data: { erasedAt: c.at, reason: c.reason } }];
}
