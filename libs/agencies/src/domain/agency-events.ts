import type { WorkingHoursConfig } from '@lien-thong/calendar';
import type { AgencyLevel } from './agency-directory';

/** The profile of an agency, as imported and as recorded. */
export interface AgencyProfile {
  readonly code: string;
  readonly name: { readonly vi: string; readonly en?: string };
  readonly level: AgencyLevel;
  readonly parent?: string;
  /** Codes of the communes or provinces the agency serves. */
  readonly jurisdiction?: readonly string[];
  /** Who signs apologies (phiếu xin lỗi) for the agency. */
  readonly head?: { readonly name: string; readonly title: string };
  readonly contacts?: readonly { readonly kind: 'email' | 'phone'; readonly value: string }[];
  readonly roles: readonly string[];
  /** Codes this agency had before a reissue (provinces merged in 2025). */
  readonly formerCodes?: readonly string[];
  /**
   * The unit's hours, where they differ from the usual ones (07:30–11:30, 13:00–17:00, cut-off 15:00):
   * counting hours, reception hours (a Saturday-morning desk), the cut-off and whether it moves the
   * receipt day (`cutoffMovesReceipt`, a provincial choice). See libs/calendar `WorkingHoursConfig`.
   */
  readonly hours?: WorkingHoursConfig;
}

export const AGENCY_EVENT_TYPES = {
  registered: 'AgencyRegistered',
  updated: 'AgencyUpdated',
  deactivated: 'AgencyDeactivated',
  codeReissued: 'AgencyCodeReissued',
} as const;
export const AGENCY_EVENT_SCHEMA_VERSION = 1;

export type AgencyEvent =
  | { type: 'AgencyRegistered'; data: { profile: AgencyProfile; source: string } }
  | { type: 'AgencyUpdated'; data: { profile: AgencyProfile; source: string } }
  | { type: 'AgencyDeactivated'; data: { reason: string } }
  /** Recorded on the old code's stream; the agency continues under `newCode` (its own stream). */
  | { type: 'AgencyCodeReissued'; data: { newCode: string; reason: string } };

export function agencyStream(code: string): string {
  return `agency-${code}`;
}
