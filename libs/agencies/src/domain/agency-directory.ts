export type AgencyLevel = 'central' | 'province' | 'commune';

export interface AgencySummary {
  readonly code: string;
  readonly name: { readonly vi: string; readonly en?: string };
  readonly level: AgencyLevel;
  readonly parent?: string;
  /** Tags used to resolve step owners by role, e.g. `commune-police`. */
  readonly roles: readonly string[];
}

/** What other contexts ask of the agency directory. */
export interface AgencyDirectory {
  exists(code: string): boolean;
  hasRole(role: string): boolean;
  list(): readonly AgencySummary[];
}

export const AGENCY_DIRECTORY = Symbol.for('lien-thong.AgencyDirectory');

/** A directory over a fixed list (the seed catalogue), until agencies are event-sourced. */
export class StaticAgencyDirectory implements AgencyDirectory {
  private readonly byCode: Map<string, AgencySummary>;
  private readonly roles: Set<string>;

  constructor(agencies: readonly AgencySummary[]) {
    this.byCode = new Map(agencies.map((a) => [a.code, a]));
    this.roles = new Set(agencies.flatMap((a) => a.roles));
  }

  exists(code: string): boolean {
    return this.byCode.has(code);
  }

  hasRole(role: string): boolean {
    return this.roles.has(role);
  }

  list(): readonly AgencySummary[] {
    return [...this.byCode.values()];
  }
}
