import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type EventStore, type GlobalPosition } from '@lien-thong/event-store';
import {
  StaticAgencyDirectory,
  type AgencyDirectory,
  type AgencyRetirement,
  type AgencySummary,
  type DirectorySnapshot,
} from './domain/agency-directory';
import type { AgencyEvent } from './domain/agency-events';

const PAGE = 1_000;

/**
 * The directory folded from the agency events, kept in this process and brought up to date on every
 * snapshot (only the events since the last one are read), so a designer sees an import at once, and
 * identity refuses an agency's credentials as soon as it is deactivated or re-coded.
 */
@Injectable()
export class EventSourcedAgencyDirectory implements AgencyDirectory {
  private readonly agencies = new Map<string, AgencySummary>();
  private readonly retirements = new Map<string, AgencyRetirement>();
  private position: GlobalPosition | undefined;
  private refreshing: Promise<void> = Promise.resolve();

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async snapshot(): Promise<DirectorySnapshot> {
    const refresh = this.refreshing.then(() => this.catchUp());
    this.refreshing = refresh.catch(() => undefined);
    await refresh;
    return new StaticAgencyDirectory([...this.agencies.values()], [...this.retirements.values()]);
  }

  private async catchUp(): Promise<void> {
    for (;;) {
      const events = await this.store.readAll({
        ...(this.position !== undefined ? { after: this.position } : {}),
        maxCount: PAGE,
        // Never step past an event that commits late with a lower position: it would be missed for good.
        final: true,
        filter: { categories: ['agency'] },
      });
      for (const recorded of events) {
        const event = { type: recorded.type, data: recorded.data } as AgencyEvent;
        const code = recorded.streamName.slice('agency-'.length);
        if (event.type === 'AgencyDeactivated' || event.type === 'AgencyCodeReissued') {
          this.agencies.delete(code);
          this.retirements.set(code, {
            code,
            // The same clock as the access tokens' `iat`, which the retirement is compared with.
            at: recorded.metadata.occurredAt,
            successor: event.type === 'AgencyCodeReissued' ? event.data.newCode : null,
          });
        } else this.agencies.set(code, event.data.profile);
        this.position = recorded.position;
      }
      if (events.length < PAGE) return;
    }
  }
}
