import { holidayCalendarError } from './holiday-calendar.errors';
import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, ID_GENERATOR, type Clock, type IdGenerator } from '@lien-thong/contracts';
import {
  OFFICIAL_DECISIONS,
  parseCalendarDecision,
  WorkingDayCalendar,
  type CalendarDecision,
} from '@lien-thong/calendar';
import { EVENT_STORE, type EventStore } from '@lien-thong/event-store';

/** One stream for the civil-service calendar: every loaded decision, in order. */
export const CALENDAR_STREAM = 'calendar-vn_civil_service';
export const CALENDAR_DECISION_LOADED = 'CalendarDecisionLoaded';

export interface LoadedDecision {
  readonly decision: CalendarDecision;
  /** True when it replaced an earlier decision for the same year. */
  readonly replaced: boolean;
  readonly loadedAt: string;
}

/**
 * The working-day calendar in force: the shipped official decisions, overridden year by year by the
 * decisions loaded since (recorded as events, so deadlines can be recomputed and the change audited).
 */
@Injectable()
export class HolidayCalendarService {
  private loaded = new Map<number, CalendarDecision>();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
  ) {}

  /** Validates and records a decision; a 400 lists every problem and nothing is written. */
  async load(input: unknown, by: string): Promise<LoadedDecision> {
    const parsed = parseCalendarDecision(input);
    if (!parsed.ok) {
      throw holidayCalendarError(
        'CALENDAR_DECISION_INVALID',
        `The calendar decision has ${parsed.problems.length} problem(s); nothing was loaded`,
        `Quyết định lịch nghỉ có ${parsed.problems.length} lỗi; chưa nạp`,
        parsed.problems.map((p) => ({ path: p.path, code: 'INVALID', message: p.message })),
      );
    }
    await this.catchUp();
    const replaced =
      this.loaded.has(parsed.value.year) || OFFICIAL_DECISIONS.some((d) => d.year === parsed.value.year);
    const loadedAt = this.clock.now().toISOString();
    await this.store.appendToStream(
      CALENDAR_STREAM,
      [
        {
          id: this.ids.newId(),
          type: CALENDAR_DECISION_LOADED,
          schemaVersion: 1,
          data: { decision: parsed.value, replaced },
          metadata: { occurredAt: loadedAt, actor: { personId: by }, correlationId: this.ids.newId() },
        },
      ],
      'any',
    );
    await this.catchUp();
    return { decision: parsed.value, replaced, loadedAt };
  }

  async decisions(): Promise<CalendarDecision[]> {
    await this.catchUp();
    const byYear = new Map(OFFICIAL_DECISIONS.map((d) => [d.year, d]));
    for (const [year, d] of this.loaded) byYear.set(year, d);
    return [...byYear.values()].sort((a, b) => a.year - b.year);
  }

  async calendar(): Promise<WorkingDayCalendar> {
    return new WorkingDayCalendar(await this.decisions());
  }

  /** The stream holds one small event per decision loaded: read it whole. */
  private async catchUp(): Promise<void> {
    const events = await this.store.readStream(CALENDAR_STREAM);
    const next = new Map<number, CalendarDecision>();
    for (const e of events) {
      if (e.type !== CALENDAR_DECISION_LOADED) continue;
      const decision = (e.data as { decision: CalendarDecision }).decision;
      next.set(decision.year, decision);
    }
    this.loaded = next;
  }
}
