import type { Projection } from '@lien-thong/projections';
import { applicantNoticeOutboxProjection } from './outbox/applicant-notice-outbox.projection';

/** The context's projections, for the worker's list (apps/worker/src/projections.ts). */
export function applicantNotificationProjections(): Projection[] {
  return [applicantNoticeOutboxProjection()];
}
