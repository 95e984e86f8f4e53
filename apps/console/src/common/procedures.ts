import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';

export interface Localized {
  vi: string;
  en?: string;
}
export interface ProcedureStep {
  id: string;
  kind: string;
  name: Localized;
  after: string[];
  owner: { role?: string; of?: string; agencyCode?: string };
  budget: { unit: string; amount?: number };
  canReturnTo?: string[];
}
export interface ProcedureVersion {
  code: string;
  name: Localized;
  field: string;
  steps: ProcedureStep[];
  intakeChannels: string[];
  statutoryLimit: { unit: string; amount?: number };
  requiredDocuments: { code: string; name: Localized; copies: number; original?: boolean }[];
}
export interface ProcedureSummary {
  code: string;
  name: Localized;
  field: string;
  currentVersion: number | null;
}
export interface Agency {
  code: string;
  name: Localized;
  level: string;
  roles: string[];
  parent?: string;
}

export const localized = (text: Localized | undefined, language: string): string =>
  !text ? '' : language.startsWith('en') && text.en ? text.en : text.vi;

export function useProcedures() {
  return useQuery({
    queryKey: ['procedures'],
    queryFn: async () => (await unwrap(api.GET('/procedures', {}))) as unknown as ProcedureSummary[],
    staleTime: 60_000,
  });
}

export function useProcedureVersion(code: string | null, version: number | null) {
  return useQuery({
    queryKey: ['procedure', code, version],
    enabled: !!code && !!version,
    queryFn: async () =>
      (await unwrap(
        api.GET('/procedures/{code}/versions/{version}', {
          params: { path: { code: code!, version: version! } },
        }),
      )) as unknown as ProcedureVersion,
    staleTime: 60_000,
  });
}

export function useAgencies() {
  return useQuery({
    queryKey: ['agencies'],
    queryFn: async () => (await unwrap(api.GET('/agencies'))) as unknown as Agency[],
    staleTime: 300_000,
  });
}
