import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import Cursor from 'pg-cursor';
import { addDays, startOfLocalDay } from '@lien-thong/calendar';
import { CLOCK, type Clock } from '@lien-thong/contracts';
import { BoundProcedures, DossierCalendar, statutoryDueAt, type UnitCalendars } from '@lien-thong/dossiers';
import { PG_POOL } from '@lien-thong/postgres';
import { dossierConditions, SqlParams, type ReportScope } from '@lien-thong/reports';
import type { WhatIfRequest } from '../domain/simulation-request';
import { applyCalendarChange } from './calendar-change';
import {
  compareJudgements,
  judgeRecordedDossier,
  type ReplayFacts,
  type ReplayOutcome,
  type ReplayRules,
  type WhatIfChange,
} from './what-if-replay';

/** Rows read per round trip, and how often progress is reported (dossiers). */
const BATCH = 2_000;
const PROGRESS_EVERY = 5_000;

const OUTCOMES: readonly ReplayOutcome[] = ['early', 'on-time', 'late', 'in-progress', 'overdue', 'ended'];
const IN_TIME = new Set<ReplayOutcome>(['early', 'on-time', 'in-progress']);

export interface WhatIfTotals {
  readonly dossiers: number;
  /** Dossiers whose due date, outcome or responsible agencies change. */
  readonly changed: number;
  readonly dueDateMoved: number;
  /** Early, on time or running in time before, late or overdue after; and the reverse. */
  readonly newlyLate: number;
  readonly noLongerLate: number;
  readonly outcomes: {
    readonly before: Readonly<Record<ReplayOutcome, number>>;
    readonly after: Readonly<Record<ReplayOutcome, number>>;
  };
  /** Outcome changes, `before→after`, with their counts. */
  readonly transitions: Readonly<Record<string, number>>;
  /** Per agency: the dossiers in which one of its step visits is late, before and after. */
  readonly agencies: readonly {
    readonly agency: string;
    readonly lateBefore: number;
    readonly lateAfter: number;
  }[];
  /**
   * Dossiers whose due date or outcome counted again on the calendar and rules in force differ from the
   * record (0 when the record is consistent; a holiday decided after a dossier ended shows here).
   */
  readonly differFromRecord: number;
  readonly listed: number;
  readonly truncated: boolean;
  /** False under the always-open test calendar, where holidays do not apply. */
  readonly calendarChangeApplies: boolean;
}

export type WhatIfLine =
  | { readonly type: 'progress'; readonly done: number; readonly total: number }
  | { readonly type: 'change'; readonly change: WhatIfChange }
  | { readonly type: 'totals'; readonly totals: WhatIfTotals };

/**
 * What-if by replay (issue 21): the recorded dossiers of a period judged again under another holiday
 * calendar or other budgets and limits, never writing anything. Reads the reports' facts through a
 * cursor (a dossier at a time in memory), judges each twice (the calendar and rules in force, and the
 * what-if) with the same arithmetic as the engine, and yields progress, each changed dossier, then the
 * totals.
 */
@Injectable()
export class WhatIfService {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly calendars: DossierCalendar,
    private readonly procedures: BoundProcedures,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Everything that can fail on a bad request is checked here, before the first line is sent. */
  async prepare(request: WhatIfRequest, scope: ReportScope | null): Promise<AsyncGenerator<WhatIfLine>> {
    // The reports' own filters and scope: a what-if counts the dossiers the same report would.
    const params = new SqlParams();
    const filters = {
      ...(request.procedure ? { procedure: request.procedure } : {}),
      ...(request.unit ? { unit: request.unit } : {}),
      ...(request.agency ? { agency: request.agency } : {}),
    };
    const where = [
      `d.received_at >= ${params.p(new Date(startOfLocalDay(request.period.from)))}`,
      `d.received_at < ${params.p(new Date(startOfLocalDay(addDays(request.period.to, 1))))}`,
      ...dossierConditions({ filters }, scope, params),
    ];
    const sql = `FROM report_dossiers d WHERE ${where.join(' AND ')}`;
    const total = Number(
      (await this.pool.query<{ n: string }>(`SELECT count(*) AS n ${sql}`, params.values)).rows[0]!.n,
    );
    const days = await this.calendars.days();
    const calendars = {
      applies: days !== null,
      before: await this.calendars.unitsOn(days),
      after: await this.calendars.unitsOn(days && applyCalendarChange(days, request.calendar)),
    };
    return this.replay(
      request,
      `SELECT d.facts ${sql} ORDER BY d.received_at, d.code`,
      params.values,
      total,
      calendars,
    );
  }

  private async rulesOf(
    cache: Map<string, { before: ReplayRules; after: ReplayRules } | null>,
    request: WhatIfRequest,
    code: string,
    version: number,
  ) {
    const key = `${code}@${version}`;
    if (!cache.has(key)) {
      const def = await this.procedures.definition(code, version).catch(() => null);
      if (!def) cache.set(key, null);
      else {
        const before: ReplayRules = {
          statutoryLimit: def.statutoryLimit,
          countingRule: def.countingRule,
          supplementPolicy: def.supplementPolicy,
          budgets: new Map(def.steps.map((s) => [s.id, s.budget])),
        };
        const change = request.rules[code];
        const after: ReplayRules = change
          ? {
              ...before,
              statutoryLimit: change.statutoryLimit ?? before.statutoryLimit,
              budgets: new Map([...before.budgets, ...Object.entries(change.steps ?? {})]),
            }
          : before;
        cache.set(key, { before, after });
      }
    }
    return cache.get(key)!;
  }

  private async *replay(
    request: WhatIfRequest,
    sql: string,
    values: unknown[],
    total: number,
    calendars: {
      readonly applies: boolean;
      readonly before: (unitCode: string) => UnitCalendars;
      readonly after: (unitCode: string) => UnitCalendars;
    },
  ): AsyncGenerator<WhatIfLine> {
    const asOf = this.clock.now().getTime();
    const rules = new Map<string, { before: ReplayRules; after: ReplayRules } | null>();
    const count = () => Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<ReplayOutcome, number>;
    const outcomes = { before: count(), after: count() };
    const transitions: Record<string, number> = {};
    const agencies = new Map<string, { lateBefore: number; lateAfter: number }>();
    let done = 0;
    let changed = 0;
    let dueDateMoved = 0;
    let newlyLate = 0;
    let noLongerLate = 0;
    let differFromRecord = 0;
    let listed = 0;
    yield { type: 'progress', done, total };
    const client = await this.pool.connect();
    const cursor = client.query(new Cursor<{ facts: ReplayFacts }>(sql, values));
    try {
      for (;;) {
        const rows = await cursor.read(BATCH);
        if (rows.length === 0) break;
        for (const { facts } of rows) {
          done += 1;
          const r = await this.rulesOf(rules, request, facts.procedureCode, facts.procedureVersion);
          if (!r) continue;
          const before = judgeRecordedDossier(
            facts,
            r.before,
            calendars.before(facts.receivingUnitCode),
            statutoryDueAt,
            asOf,
          );
          const after = judgeRecordedDossier(
            facts,
            r.after,
            calendars.after(facts.receivingUnitCode),
            statutoryDueAt,
            asOf,
          );
          outcomes.before[before.outcome] += 1;
          outcomes.after[after.outcome] += 1;
          const recordedOutcome = facts.outcome ?? null;
          if (
            before.dueAt !== Date.parse(facts.dueAt) ||
            (recordedOutcome !== null && facts.resultReadyAt !== null && recordedOutcome !== before.outcome)
          )
            differFromRecord += 1;
          for (const [j, side] of [
            [before, 'lateBefore'],
            [after, 'lateAfter'],
          ] as const)
            for (const agency of new Set(j.lateVisits.map((v) => v.agencyCode))) {
              const a = agencies.get(agency) ?? { lateBefore: 0, lateAfter: 0 };
              a[side] += 1;
              agencies.set(agency, a);
            }
          const change = compareJudgements(facts, before, after);
          if (change) {
            changed += 1;
            if (change.changed.includes('due-date')) dueDateMoved += 1;
            if (before.outcome !== after.outcome) {
              const key = `${before.outcome}→${after.outcome}`;
              transitions[key] = (transitions[key] ?? 0) + 1;
              if (IN_TIME.has(before.outcome) && !IN_TIME.has(after.outcome) && after.outcome !== 'ended')
                newlyLate += 1;
              if (!IN_TIME.has(before.outcome) && before.outcome !== 'ended' && IN_TIME.has(after.outcome))
                noLongerLate += 1;
            }
            if (listed < request.limit) {
              listed += 1;
              yield { type: 'change', change };
            }
          }
          if (done % PROGRESS_EVERY === 0) yield { type: 'progress', done, total };
        }
      }
    } finally {
      await cursor.close().catch(() => undefined);
      client.release();
    }
    yield { type: 'progress', done, total };
    yield {
      type: 'totals',
      totals: {
        dossiers: done,
        changed,
        dueDateMoved,
        newlyLate,
        noLongerLate,
        outcomes,
        transitions,
        agencies: [...agencies.entries()]
          .map(([agency, a]) => ({ agency, ...a }))
          .sort(
            (a, b) =>
              b.lateAfter - b.lateBefore - (a.lateAfter - a.lateBefore) || a.agency.localeCompare(b.agency),
          ),
        differFromRecord,
        listed,
        truncated: listed < changed,
        calendarChangeApplies: calendars.applies,
      },
    };
  }
}
