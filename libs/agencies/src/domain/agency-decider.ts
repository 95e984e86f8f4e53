import { DomainError } from '@lien-thong/contracts';
import type { AgencyEvent, AgencyProfile } from './agency-events';

export interface AgencyState {
  readonly profile: AgencyProfile | null;
  readonly active: boolean;
}

export const initialAgencyState: AgencyState = { profile: null, active: false };

/** Import one agency: register it, update it when its profile changed, or do nothing. */
export type AgencyCommand =
  | { type: 'ImportAgency'; profile: AgencyProfile; source: string }
  | { type: 'DeactivateAgency'; reason: string };

export function decideAgency(command: AgencyCommand, state: AgencyState): AgencyEvent[] {
  switch (command.type) {
    case 'ImportAgency':
      if (!state.profile)
        return [{ type: 'AgencyRegistered', data: { profile: command.profile, source: command.source } }];
      if (sameProfile(state.profile, command.profile) && state.active) return [];
      return [{ type: 'AgencyUpdated', data: { profile: command.profile, source: command.source } }];
    case 'DeactivateAgency':
      if (!state.profile)
        throw new DomainError('not-found', 'AGENCY_NOT_FOUND', 'No such agency', 'Không tìm thấy cơ quan');
      if (!state.active)
        throw new DomainError(
          'conflict',
          'AGENCY_INACTIVE',
          'The agency is already deactivated',
          'Cơ quan đã ngừng hoạt động',
        );
      return [{ type: 'AgencyDeactivated', data: { reason: command.reason } }];
  }
}

export function evolveAgency(state: AgencyState, event: AgencyEvent): AgencyState {
  switch (event.type) {
    case 'AgencyRegistered':
    case 'AgencyUpdated':
      return { profile: event.data.profile, active: true };
    case 'AgencyDeactivated':
      return { ...state, active: false };
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
