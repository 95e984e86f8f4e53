import type { Projection } from '@lien-thong/projections';
import { portalStatusOutboxProjection } from './national-portal/portal-status-outbox';

export { ChannelsModule } from './channels.module';
export { CHANNEL_ERROR_CODES } from './channels-errors';
export {
  PORTAL_STATUSES,
  portalStatusOf,
  type PortalStatus,
  type PortalStatusMessage,
} from './national-portal/portal-statuses';
export {
  PortalClient,
  PortalUnavailable,
  type PortalSubmission,
  type PortalDossierView,
} from './national-portal/portal-client';
export { PORTAL_CLIENT, portalClientFromSettings } from './national-portal/portal-connection';
export {
  PORTAL_STATUS_OUTBOX_PROJECTION,
  portalStatusOutboxProjection,
  portalDossiers,
} from './national-portal/portal-status-outbox';
export {
  PortalStatusDispatcher,
  DEFAULT_PORTAL_DISPATCH,
  type PortalStatusDispatcherOptions,
} from './national-portal/portal-status-dispatcher';
/** The portal's stand-in, for `npm start` and the tests (never a real endpoint). */
export { PortalSimulator } from './national-portal/portal-simulator';
export {
  reconcilePortal,
  type PortalMismatch,
  type PortalReconciliationReport,
} from './national-portal/portal-reconciliation';

/** The read models of the channels (the portal's status outbox), for the worker's runner. */
export function channelProjections(): Projection[] {
  return [portalStatusOutboxProjection()];
}
