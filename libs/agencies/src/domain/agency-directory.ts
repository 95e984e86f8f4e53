import type { WorkingHoursConfig } from '@lien-thong/calendar';
export type AgencyLevel = 'central' | 'province' | 'commune';

export interface AgencySummary {
  readonly code: string;
  readonly name: { readonly vi: string; readonly en?: string };
  readonly level: AgencyLevel;
  readonly parent?: string;
  /** Tags used to resolve step owners by role, e.g. `commune-police`. */
  readonly roles: readonly string[];
  /** The unit's own hours and cut-off, when they differ from the usual ones. */
  readonly hours?: WorkingHoursConfig;
  /** Who heads the agency (signs its apologies, form 04): name and title. */
  readonly head?: { readonly name: string; readonly title: string };
}

/**
 * The last time a code stopped naming an active agency: deactivated, or reissued under `successor`.
 * Kept after the code is imported again, so that what was issued for it before (access tokens, API
 * clients) stays void.
 */
export interface AgencyRetirement {
  readonly code: string;
  /** When it was recorded (the event's `occurredAt`, ISO 8601). */
  readonly at: string;
  /** The code the agency continues under after a reissue; null after a deactivation. */
  readonly successor: string | null;
}

/** The directory as it stands at one moment: synchronous, for pure validation code. */
export interface DirectorySnapshot {
  exists(code: string): boolean;
  hasRole(role: string): boolean;
  get(code: string): AgencySummary | undefined;
  list(): readonly AgencySummary[];
  /** The code's latest deactivation or reissue, if it ever had one (even if active again since). */
  retirement(code: string): AgencyRetirement | undefined;
}

/** What other contexts ask of the agency directory. */
export interface AgencyDirectory {
  /** The active agencies, including every change recorded before the call. */
  snapshot(): Promise<DirectorySnapshot>;
}

export const AGENCY_DIRECTORY = Symbol.for('lien-thong.AgencyDirectory');

/** A directory over a fixed list (unit tests, and the seed catalogue before it is imported). */
export class StaticAgencyDirectory implements AgencyDirectory, DirectorySnapshot {
  private readonly byCode: Map<string, AgencySummary>;
  private readonly roles: Set<string>;
  private readonly retirements: Map<string, AgencyRetirement>;

  constructor(agencies: readonly AgencySummary[], retirements: readonly AgencyRetirement[] = []) {
    this.byCode = new Map(agencies.map((a) => [a.code, a]));
    this.roles = new Set(agencies.flatMap((a) => a.roles));
    this.retirements = new Map(retirements.map((r) => [r.code, r]));
  }

  snapshot(): Promise<DirectorySnapshot> {
    return Promise.resolve(this);
  }

  exists(code: string): boolean {
    return this.byCode.has(code);
  }

  hasRole(role: string): boolean {
    return this.roles.has(role);
  }

  get(code: string): AgencySummary | undefined {
    return this.byCode.get(code);
  }

  list(): readonly AgencySummary[] {
    return [...this.byCode.values()];
  }

  retirement(code: string): AgencyRetirement | undefined {
    return this.retirements.get(code);
  }
}
