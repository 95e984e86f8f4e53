/**
 * What Liên Thông sends to an agency's webhook (issue 6): the integration event, its version and the
 * HTTP headers that carry the signature. Names and shapes only (bundle-safe); signing and verifying
 * live in `@lien-thong/agency-notifications`.
 *
 * Never rename a kind or a field: change a shape by adding version 2 next to version 1.
 */

/** The kinds an agency can subscribe to. */
export const AGENCY_NOTIFICATION_KINDS = [
  /** A step of a dossier was handed to the agency (chuyển bước). */
  'step.handed-off',
  /** The agency holds a step whose budget is mostly used (nhắc hạn). */
  'step.reminder',
  /** A step the agency holds passed its deadline (quá hạn). */
  'step.overdue',
  /** A step the agency holds is likely to end late (cảnh báo nguy cơ trễ hạn, the early warning). */
  'step.lateness-warning',
  /** The dossier will miss its due date: the agency is asked for an apology letter (form 04). */
  'apology.requested',
  /**
   * A dossier was escalated (báo cáo cấp trên): sent to the supervising agency, or to the agency itself
   * when escalated to its head.
   */
  'dossier.escalated',
] as const;

export type AgencyNotificationKind = (typeof AGENCY_NOTIFICATION_KINDS)[number];

export function isAgencyNotificationKind(value: unknown): value is AgencyNotificationKind {
  return typeof value === 'string' && (AGENCY_NOTIFICATION_KINDS as readonly string[]).includes(value);
}

export const AGENCY_NOTIFICATION_VERSION = 1;

/** Kind-specific facts, beside the common fields. */
export interface AgencyNotificationDetailsV1 {
  'step.handed-off': {
    readonly fromAgencyCode: string;
    /** The predecessor whose completion this handoff follows; null for a first step. */
    readonly previousStepId: string | null;
    /**
     * `early`, `on-time` or `late`; null for a first step, and null too after a step excluded from the
     * time limit (e.g. the applicant paying tax: `previousStepId` set, nobody judged on it).
     */
    readonly previousStepOutcome: string | null;
  };
  'step.reminder': {
    /** Share of the step's working-time budget used when the reminder was owed (e.g. 0.8). */
    readonly budgetShare: number;
  };
  'step.overdue': {
    readonly detectedAt: string;
  };
  'step.lateness-warning': {
    /** Probability that the step ends past its deadline, 0 to 1. */
    readonly probability: number;
    /** The agency's load when assessed: dossiers held now over the number usually held. */
    readonly load: number;
  };
  'apology.requested': {
    /** Every agency asked (each gets its own notification). */
    readonly agencyCodes: readonly string[];
    readonly reason: string;
    /** The dossier's due date the request is about. */
    readonly dueAt: string;
    readonly appointmentAt: string;
  };
  'dossier.escalated': {
    readonly to: 'head' | 'supervising-agency';
    /** The agency whose delay is escalated; null on escalations recorded before it was kept. */
    readonly fromAgencyCode: string | null;
    readonly reason: string;
    readonly escalatedAt: string;
  };
}

/**
 * The JSON body POSTed to a webhook (version 1). `deadline` is the instant the agency must act by: the
 * step's deadline, or for an apology request the time by which the apology must be issued.
 */
export type AgencyNotificationV1 = {
  [K in AgencyNotificationKind]: {
    readonly version: 1;
    /** Also sent as `X-LienThong-Delivery`: the same on every retry, so receivers deduplicate on it. */
    readonly id: string;
    readonly type: K;
    readonly occurredAt: string;
    readonly dossierCode: string;
    /** The recipient agency. */
    readonly agencyCode: string;
    readonly stepId: string | null;
    readonly deadline: string | null;
    /** The dossier event this notification comes from (its id and stored type). */
    readonly source: { readonly eventId: string; readonly eventType: string };
    readonly details: AgencyNotificationDetailsV1[K];
  };
}[AgencyNotificationKind];

/** HTTP headers of a webhook delivery. */
export const WEBHOOK_HEADERS = {
  /** Unix time in seconds when this attempt was signed. */
  timestamp: 'X-LienThong-Timestamp',
  /** `v1=<hex HMAC-SHA256 of "<timestamp>.<body>">`; several comma-separated values while a rotated secret is in grace. */
  signature: 'X-LienThong-Signature',
  /** The notification id: identical on every retry (idempotency key for the receiver). */
  delivery: 'X-LienThong-Delivery',
  /** The notification kind, e.g. `step.handed-off`. */
  event: 'X-LienThong-Event',
} as const;

export const WEBHOOK_SIGNATURE_SCHEME = 'v1';
