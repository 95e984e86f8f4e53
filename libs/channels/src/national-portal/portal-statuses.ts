import type { RecordedEvent } from '@lien-thong/event-store';

/**
 * The statuses the national public-service portal (Cổng Dịch vụ công quốc gia) shows the applicant,
 * and which dossier event moves a dossier to each. Every status change is pushed in order, numbered
 * per dossier from 1 (`received`).
 */
export const PORTAL_STATUSES = [
  'received', // Đã tiếp nhận
  'in-processing', // Đang xử lý
  'supplement-requested', // Yêu cầu bổ sung
  'paused', // Tạm dừng (thời gian không tính vào thời hạn)
  'late-apologised', // Quá hạn, đã xin lỗi và hẹn lại
  'result-ready', // Có kết quả
  'returned', // Đã trả kết quả
  'stopped', // Dừng xử lý
  'withdrawn', // Rút hồ sơ
] as const;

export type PortalStatus = (typeof PORTAL_STATUSES)[number];

/** The status a dossier event moves a portal dossier to, if it moves it. */
export function portalStatusOf(event: Pick<RecordedEvent, 'type'>): PortalStatus | undefined {
  switch (event.type) {
    case 'DossierReceived':
      return 'received';
    case 'StepHandedOff':
    case 'SupplementReceived':
    case 'ExcludedPhaseEnded':
      return 'in-processing';
    case 'SupplementRequested':
      return 'supplement-requested';
    case 'ExcludedPhaseStarted':
      return 'paused';
    case 'ApologyIssued':
      return 'late-apologised';
    case 'ResultReady':
      return 'result-ready';
    case 'ResultReturned':
      return 'returned';
    case 'ProcessingStopped':
      return 'stopped';
    case 'DossierWithdrawn':
      return 'withdrawn';
    default:
      return undefined;
  }
}

/** The dossier events that can move a portal dossier (the projection's filter). */
export const PORTAL_EVENT_TYPES = [
  'DossierReceived',
  'StepHandedOff',
  'SupplementReceived',
  'ExcludedPhaseEnded',
  'SupplementRequested',
  'ExcludedPhaseStarted',
  'ApologyIssued',
  'ResultReady',
  'ResultReturned',
  'ProcessingStopped',
  'DossierWithdrawn',
] as const;

/** What we push to the portal for one status change (`PUT {portal}/api/dossiers/{portalId}/status`). */
export interface PortalStatusMessage {
  readonly portalId: string;
  readonly dossierCode: string;
  /** 1, 2, 3… per dossier: the portal keeps the highest it has seen. */
  readonly sequence: number;
  readonly status: PortalStatus;
  /** When it happened (the event's time, Vietnam offset). */
  readonly at: string;
}
