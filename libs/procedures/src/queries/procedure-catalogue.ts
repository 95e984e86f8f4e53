import { Inject, Injectable } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { EVENT_STORE, type EventStore, type GlobalPosition } from '@lien-thong/event-store';
import { evolveProcedure, initialProcedureState, type ProcedureState } from '../domain/procedure-decider';
import type { ProcedureEvent } from '../domain/procedure-events';
import { stableJson } from '../domain/stable-json';

export interface CatalogueEntry {
  readonly code: string;
  readonly name: { readonly vi: string; readonly en?: string };
  readonly field: string;
  /** The newest published version that is not deprecated: what new dossiers use. */
  readonly currentVersion: number | null;
  readonly versions: number;
  readonly hasUnpublishedDraft: boolean;
}

export class ListProcedures extends Query<CatalogueEntry[]> {
  constructor(readonly field?: string) {
    super();
  }
}

const PAGE = 1_000;

/**
 * The catalogue folded from the procedure events in this process, brought up to date on each read
 * (only the events since the last read are fetched): designers see their change at once.
 */
@Injectable()
export class ProcedureCatalogue {
  private readonly states = new Map<string, ProcedureState>();
  private position: GlobalPosition | undefined;
  private refreshing: Promise<void> = Promise.resolve();

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async entries(): Promise<CatalogueEntry[]> {
    const refresh = this.refreshing.then(() => this.catchUp());
    this.refreshing = refresh.catch(() => undefined);
    await refresh;
    return [...this.states.values()]
      .filter((s): s is ProcedureState & { code: string } => s.code !== null)
      .map((s) => {
        const live = s.versions.filter((v) => !v.deprecated);
        const latest = s.versions[s.versions.length - 1];
        const shown = latest?.definition ?? s.draft!;
        return {
          code: s.code,
          name: shown.name,
          field: shown.field,
          currentVersion: live.length ? live[live.length - 1]!.version : null,
          versions: s.versions.length,
          hasUnpublishedDraft: !latest || stableJson(latest.definition) !== stableJson(s.draft),
        };
      })
      .sort((a, b) => a.code.localeCompare(b.code));
  }

  private async catchUp(): Promise<void> {
    for (;;) {
      const events = await this.store.readAll({
        ...(this.position !== undefined ? { after: this.position } : {}),
        maxCount: PAGE,
        // Never step past an event that commits late with a lower position: it would be missed for good.
        final: true,
        filter: { categories: ['procedure'] },
      });
      for (const e of events) {
        const state = this.states.get(e.streamName) ?? initialProcedureState;
        this.states.set(
          e.streamName,
          evolveProcedure(state, { type: e.type, data: e.data } as ProcedureEvent),
        );
        this.position = e.position;
      }
      if (events.length < PAGE) return;
    }
  }
}

@QueryHandler(ListProcedures)
export class ListProceduresHandler implements IQueryHandler<ListProcedures> {
  constructor(private readonly catalogue: ProcedureCatalogue) {}
  async execute(q: ListProcedures): Promise<CatalogueEntry[]> {
    const entries = await this.catalogue.entries();
    return q.field ? entries.filter((e) => e.field === q.field) : entries;
  }
}
