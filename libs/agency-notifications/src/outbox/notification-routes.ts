import type { AgencyNotificationDetailsV1, AgencyNotificationKind } from '@lien-thong/contracts';
import {
  type DossierEventData,
  type DossierEventType,
  escalationRecipients,
} from '@lien-thong/dossier-model';

/**
 * Which dossier events notify which agencies: one entry per event type. Adding a kind of notification
 * is one entry here (and its kind and details in `libs/contracts/src/agency-notifications.ts`).
 */
export interface NotificationRoute<T extends DossierEventType, K extends AgencyNotificationKind> {
  readonly kind: K;
  /** The stored schema version this entry reads; another version fails loudly (no silent skip). */
  readonly schemaVersion: number;
  /** The agencies to notify (each gets its own notification and delivery). */
  recipients(data: DossierEventData<T>): readonly string[];
  stepId(data: DossierEventData<T>): string | null;
  /** The instant the recipient must act by. */
  deadline(data: DossierEventData<T>): string | null;
  details(data: DossierEventData<T>): AgencyNotificationDetailsV1[K];
}

function route<T extends DossierEventType, K extends AgencyNotificationKind>(
  _type: T,
  entry: NotificationRoute<T, K>,
): NotificationRoute<T, K> {
  return entry;
}

export const NOTIFICATION_ROUTES = {
  StepHandedOff: route('StepHandedOff', {
    kind: 'step.handed-off',
    schemaVersion: 1,
    recipients: (d) => [d.toAgencyCode],
    stepId: (d) => d.stepId,
    deadline: (d) => d.deadline,
    details: (d) => ({
      fromAgencyCode: d.fromAgencyCode,
      previousStepId: d.previousStepId,
      previousStepOutcome: d.previousStepOutcome,
    }),
  }),
  StepReminderSent: route('StepReminderSent', {
    kind: 'step.reminder',
    schemaVersion: 1,
    recipients: (d) => [d.agencyCode],
    stepId: (d) => d.stepId,
    deadline: (d) => d.deadline,
    details: (d) => ({ budgetShare: d.budgetShare }),
  }),
  StepOverdue: route('StepOverdue', {
    kind: 'step.overdue',
    schemaVersion: 1,
    recipients: (d) => [d.responsibleAgencyCode],
    stepId: (d) => d.stepId,
    deadline: (d) => d.deadline,
    details: (d) => ({ detectedAt: d.detectedAt }),
  }),
  StepLatenessWarned: route('StepLatenessWarned', {
    kind: 'step.lateness-warning',
    schemaVersion: 1,
    recipients: (d) => [d.agencyCode],
    stepId: (d) => d.stepId,
    deadline: (d) => d.deadline,
    details: (d) => ({ probability: d.probability, load: d.basis.load }),
  }),
  ApologyRequested: route('ApologyRequested', {
    kind: 'apology.requested',
    schemaVersion: 1,
    recipients: (d) => d.agencyCodes,
    stepId: () => null,
    deadline: (d) => d.respondBy,
    details: (d) => ({
      agencyCodes: d.agencyCodes,
      reason: d.reason,
      dueAt: d.dueAt,
      appointmentAt: d.appointmentAt,
    }),
  }),
  DossierEscalated: route('DossierEscalated', {
    kind: 'dossier.escalated',
    schemaVersion: 1,
    recipients: (d) => escalationRecipients(d),
    stepId: () => null,
    deadline: () => null,
    details: (d) => ({
      to: d.to,
      fromAgencyCode: d.fromAgencyCode ?? null,
      reason: d.reason,
      escalatedAt: d.escalatedAt,
    }),
  }),
} as const;

export type RoutedEventType = keyof typeof NOTIFICATION_ROUTES;

export const ROUTED_EVENT_TYPES = Object.keys(NOTIFICATION_ROUTES) as RoutedEventType[];

export function isRoutedEventType(type: string): type is RoutedEventType {
  return Object.prototype.hasOwnProperty.call(NOTIFICATION_ROUTES, type);
}

/** What one routed event owes: the kind and, per recipient, the common fields of the notification. */
export interface OwedNotification {
  readonly kind: AgencyNotificationKind;
  readonly recipients: readonly string[];
  readonly stepId: string | null;
  readonly deadline: string | null;
  readonly details: AgencyNotificationDetailsV1[AgencyNotificationKind];
}

export function owedNotification(
  type: RoutedEventType,
  schemaVersion: number,
  data: unknown,
): OwedNotification {
  // One entry per type, typed against its own data shape above; here the type is only known at runtime.
  const entry = NOTIFICATION_ROUTES[type] as unknown as NotificationRoute<
    DossierEventType,
    AgencyNotificationKind
  >;
  if (schemaVersion !== entry.schemaVersion)
    throw new Error(`${type} v${schemaVersion}: the agency notification route reads v${entry.schemaVersion}`);
  const d = data as DossierEventData<DossierEventType>;
  return {
    kind: entry.kind,
    recipients: [...new Set(entry.recipients(d))],
    stepId: entry.stepId(d),
    deadline: entry.deadline(d),
    details: entry.details(d),
  };
}
