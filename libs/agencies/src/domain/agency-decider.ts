import { agencyError, agencyNotFound } from './agency-errors';

import type { AgencyEvent, AgencyProfile } from './agency-events';

export interface AgencyState {
  readonly profile: AgencyProfile | null;
  readonly active: boolean;
  /** Set when the code was reissued: the agency continues under this code. */
  readonly successor: string | null;
}

export const initialAgencyState: AgencyState = { profile: null, active: false, successor: null };

/** Import one agency: register it, update it when its profile changed, or do nothing. */
export type AgencyCommand =
  | { type: 'ImportAgency'; profile: AgencyProfile; source: string }
  | { type: 'DeactivateAgency'; reason: string }
  | { type: 'ReissueAgencyCode'; newCode: string; reason: string };

export function decideAgency(command: AgencyCommand, state: AgencyState): AgencyEvent[] {
  switch (command.type) {
    case 'ImportAgency':
      if (!state.profile)
        return [{ type: 'AgencyRegistered', data: { profile: command.profile, source: command.source } }];
      if (sameProfile(state.profile, command.profile) && state.active) return [];
      return [{ type: 'AgencyUpdated', data: { profile: command.profile, source: command.source } }];
    case 'DeactivateAgency':
      if (!state.profile) throw agencyNotFound();
      if (!state.active)
        throw agencyError(
          'AGENCY_INACTIVE',
          'The agency is already deactivated',
          'Cơ quan đã ngừng hoạt động',
        );
      return [{ type: 'AgencyDeactivated', data: { reason: command.reason } }];
    case 'ReissueAgencyCode':
      if (!state.profile) throw agencyNotFound();
      if (state.successor === command.newCode) return [];
      if (!state.active)
        throw agencyError(
          'AGENCY_INACTIVE',
          'The agency is no longer active under this code',
          'Cơ quan không còn hoạt động với mã này',
        );
      if (command.newCode === state.profile.code) {
        throw agencyError(
          'AGENCY_SAME_CODE',
          'The new code is the current code',
          'Mã mới trùng mã hiện tại',
          [{ path: 'newCode', code: 'AGENCY_SAME_CODE', message: 'must differ from the current code' }],
        );
      }
      return [{ type: 'AgencyCodeReissued', data: { newCode: command.newCode, reason: command.reason } }];
  }
}

export function evolveAgency(state: AgencyState, event: AgencyEvent): AgencyState {
  switch (event.type) {
    case 'AgencyRegistered':
    case 'AgencyUpdated':
      return { profile: event.data.profile, active: true, successor: null };
    case 'AgencyDeactivated':
      return { ...state, active: false };
    case 'AgencyCodeReissued':
      return { ...state, active: false, successor: event.data.newCode };
  }
}

function sameProfile(a: AgencyProfile, b: AgencyProfile): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([x], [y]) => (x < y ? -1 : 1))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}
