export { DomainError, domainErrors, type DomainErrorKind, type ProblemDetail } from './domain-error';
export { TASK_QUEUES, TEMPORAL_NAMESPACE_DEFAULT } from './task-queues';
export { CLOCK, ID_GENERATOR, type Clock, type IdGenerator } from './clock';
export {
  DOSSIER_WORKFLOW_TYPE,
  DOSSIER_CHANGED_SIGNAL,
  CALENDAR_CHANGED_SIGNAL,
  COORDINATION_STATUS_QUERY,
  COORDINATION_NOTICES_QUERY,
  DOSSIER_SEARCH_ATTRIBUTES,
  type DossierSearchAttributes,
  type DossierWorkflowInput,
  type CoordinationNotice,
  type SentCoordinationNotice,
  type CoordinationRound,
  type CoordinationActivities,
} from './dossier-coordination';
export {
  AGENCY_NOTIFICATION_KINDS,
  AGENCY_NOTIFICATION_VERSION,
  WEBHOOK_HEADERS,
  WEBHOOK_SIGNATURE_SCHEME,
  isAgencyNotificationKind,
  type AgencyNotificationKind,
  type AgencyNotificationDetailsV1,
  type AgencyNotificationV1,
} from './agency-notifications';
export { STAFF_DIRECTORY, type StaffDirectory } from './staff-directory';
