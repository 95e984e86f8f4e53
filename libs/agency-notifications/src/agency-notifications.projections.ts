import type { Projection } from '@lien-thong/projections';
import { agencyNotificationOutboxProjection } from './outbox/agency-notification-outbox.projection';

/** The context's projections, for the worker's list (apps/worker/src/projections.ts). */
export function agencyNotificationProjections(): Projection[] {
  return [agencyNotificationOutboxProjection()];
}
