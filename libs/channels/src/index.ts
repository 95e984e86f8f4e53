import type { Projection } from '@lien-thong/projections';
import { portalStatusOutboxProjection } from './national-portal/portal-status-outbox';
import { postalShipmentsProjection } from './postal/postal-shipments';

export { ChannelsModule } from './channels.module';
export { ChannelUnavailable } from './http-json';
export { CHANNEL_ERROR_CODES } from './channels-errors';
export {
  PORTAL_STATUSES,
  portalStatusOf,
  type PortalStatus,
  type PortalStatusMessage,
} from './national-portal/portal-statuses';
export { PortalClient, type PortalSubmission, type PortalDossierView } from './national-portal/portal-client';
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
  PortalReconciler,
  PortalReconciliationLog,
  type PortalMismatch,
  type PortalReconciliationReport,
  type PortalReconciliationRun,
  type PortalReconcilerOptions,
} from './national-portal/portal-reconciliation';

export {
  PostalClient,
  postalClientFromSettings,
  type PostalShipmentRequest,
  type PostalShipmentView,
  type PostalTrackingStatus,
} from './postal/postal-client';
export { PostalSimulator } from './postal/postal-simulator';
export {
  POSTAL_SHIPMENTS_PROJECTION,
  postalShipmentsProjection,
  PostalDispatcher,
  DEFAULT_POSTAL_DISPATCH,
  type PostalDispatcherOptions,
  type PostalDossiers,
} from './postal/postal-shipments';

/** The read models of the channels (the portal's status outbox, the postal shipments), for the worker's runner. */
export function channelProjections(): Projection[] {
  return [portalStatusOutboxProjection(), postalShipmentsProjection()];
}
export { ChatSimulator } from './chat/chat-simulator';
export {
  HttpChatChannel,
  chatChannelFromSettings,
  chatSignature,
  type ChatChannel,
  type ChatInbound,
} from './chat/chat-client';
