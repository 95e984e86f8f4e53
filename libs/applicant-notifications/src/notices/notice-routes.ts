import type {
  ApologyIssuedData,
  DossierReceivedData,
  DossierSupplementRequestedAtIntakeData,
  ResultReadyData,
  SupplementItem,
  SupplementRequestedData,
} from '@lien-thong/dossier-model';

/**
 * What one notice says, taken from the event that made it owed (stored with the outbox row, so a
 * retry renders the same message). No personal data: the address and number are read from the vault
 * at sending time, and only then.
 */
export type NoticeDetails =
  | {
      readonly kind: 'intake-acknowledged';
      readonly dossierCode: string;
      readonly procedure: { readonly code: string; readonly version: number | null };
      readonly receivedAt: string;
      readonly appointmentAt: string;
      readonly lookupKey: string | null;
      readonly unitCode: string;
    }
  | {
      readonly kind: 'supplement-requested';
      /** The dossier code, or the intake reference when the desk asked at intake (no code yet). */
      readonly reference: string;
      readonly atIntake: boolean;
      readonly procedure: { readonly code: string; readonly version: number | null } | null;
      readonly requestedAt: string;
      readonly items: readonly SupplementItem[];
      readonly reason: string;
      /** The desk (at intake) or the agency that asks. */
      readonly askedBy: string;
    }
  | {
      readonly kind: 'apology';
      readonly dossierCode: string;
      readonly responsibleAgencyCode: string;
      readonly reason: string;
      readonly previousAppointmentAt: string;
      readonly newAppointmentAt: string;
      readonly issuedAt: string;
      readonly signer: { readonly name: string; readonly title: string } | null;
    }
  | {
      readonly kind: 'result-ready-early' | 'result-ready';
      readonly dossierCode: string;
      readonly readyAt: string;
      readonly appointmentAt: string;
      readonly deskUnitCode: string;
    };

/** The event types that can make a notice owed (the outbox projection's filter). */
export const NOTICE_EVENT_TYPES = [
  'DossierReceived',
  'DossierSupplementRequestedAtIntake',
  'SupplementRequested',
  'ApologyIssued',
  'ResultReady',
] as const;

export type NoticeEventType = (typeof NOTICE_EVENT_TYPES)[number];

export function isNoticeEventType(type: string): type is NoticeEventType {
  return (NOTICE_EVENT_TYPES as readonly string[]).includes(type);
}

/** Channels on which an intake is acknowledged: the applicant was not at a counter to be handed form 01. */
const ACKNOWLEDGED_CHANNELS = ['online', 'national-portal'];

/**
 * The notice an event owes the applicant, or null. `streamId` is what follows `dossier-` or `intake-`
 * in the stream name (the dossier code, or the intake reference).
 *
 * - DossierReceived online or from the national portal: the acknowledgement, with the code, the
 *   appointment and the lookup key (a counter or postal applicant gets form 01 on paper).
 * - DossierSupplementRequestedAtIntake, SupplementRequested: the supplement request (form 02), what to
 *   add or correct and why, whatever the channel (the paper form may never reach a postal or online
 *   applicant; a counter applicant has it in writing as well).
 * - ApologyIssued: the apology with the reason and the new appointment (form 04).
 * - ResultReady: early against the appointment in force, the early-completion notice; else the
 *   result-ready notice.
 */
export function owedNotice(type: NoticeEventType, data: unknown, streamId: string): NoticeDetails | null {
  switch (type) {
    case 'DossierReceived': {
      const d = data as DossierReceivedData;
      if (!ACKNOWLEDGED_CHANNELS.includes(d.channel)) return null;
      return {
        kind: 'intake-acknowledged',
        dossierCode: d.dossierCode,
        procedure: { code: d.procedure.code, version: d.procedure.version },
        receivedAt: d.receivedAt,
        appointmentAt: d.appointmentAt,
        lookupKey: d.lookupKey ?? null,
        unitCode: d.receivingUnitCode,
      };
    }
    case 'DossierSupplementRequestedAtIntake': {
      const d = data as DossierSupplementRequestedAtIntakeData;
      return {
        kind: 'supplement-requested',
        reference: streamId,
        atIntake: true,
        procedure: d.procedure,
        requestedAt: d.requestedAt,
        items: d.items,
        reason: d.reason,
        askedBy: d.receivingUnitCode,
      };
    }
    case 'SupplementRequested': {
      const d = data as SupplementRequestedData;
      return {
        kind: 'supplement-requested',
        reference: streamId,
        atIntake: false,
        procedure: null,
        requestedAt: d.requestedAt,
        items: d.items,
        reason: d.reason,
        askedBy: d.agencyCode,
      };
    }
    case 'ApologyIssued': {
      const d = data as ApologyIssuedData;
      return {
        kind: 'apology',
        dossierCode: streamId,
        responsibleAgencyCode: d.responsibleAgencyCode,
        reason: d.reason,
        previousAppointmentAt: d.previousAppointmentAt,
        newAppointmentAt: d.newAppointmentAt,
        issuedAt: d.issuedAt,
        signer: d.signer ?? null,
      };
    }
    case 'ResultReady': {
      const d = data as ResultReadyData;
      return {
        kind: d.outcomeAgainstAppointment === 'early' ? 'result-ready-early' : 'result-ready',
        dossierCode: streamId,
        readyAt: d.readyAt,
        appointmentAt: d.appointmentAt,
        deskUnitCode: d.deskUnitCode,
      };
    }
  }
}
