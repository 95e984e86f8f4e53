import { Injectable } from '@nestjs/common';

/** An agency code that no longer names an active agency: deactivated, or continued under `successor`. */
export interface AgencyCodeRetired {
  readonly code: string;
  /** The new code after a reissue; null after a deactivation. */
  readonly successor: string | null;
}

export type AgencyRetirementListener = (retired: AgencyCodeRetired) => Promise<void>;

/**
 * Tells the contexts that hold something per agency code (identity: API clients, staff accounts) that
 * a code was retired, in the request that retired it, so that they settle before the administrator
 * gets the answer. The directory (`DirectorySnapshot.retirement`) stays the authority: a listener that
 * failed, or a process that died before telling, leaves the record behind, not the access control,
 * and a repeated reissue tells again.
 */
@Injectable()
export class AgencyRetirements {
  private readonly listeners: AgencyRetirementListener[] = [];

  subscribe(listener: AgencyRetirementListener): void {
    this.listeners.push(listener);
  }

  /** Called once the retirement is recorded; a listener's failure fails the request (503/500). */
  async announce(retired: AgencyCodeRetired): Promise<void> {
    for (const listener of this.listeners) await listener(retired);
  }
}
