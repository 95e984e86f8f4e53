import type { Pool } from 'pg';
import { addDays, localDateOf, startOfLocalDay, type WorkingTimeCalendar } from '@lien-thong/calendar';
import { DomainError, type Clock } from '@lien-thong/contracts';
import { vietnamIso, type DossierCalendar, type DossierCommandService } from '@lien-thong/dossiers';
import { PollLoop } from '@lien-thong/agency-notifications';
import { readStepHistory, type StepHistory } from '@lien-thong/reports';
import { latenessProbability } from '../domain/lateness-risk';
import { mergeQuantiles } from '../domain/model-from-history';

/** The actor of the StepLatenessWarned events. */
export const EARLY_WARNING_ACTOR = 'early-warning';

export interface EarlyWarningOptions {
  /** The probability at which a step's holder is warned (0 < threshold ≤ 1). */
  readonly threshold: number;
  /** How often the steps in flight are assessed. */
  readonly intervalMs: number;
  /** The agencies' times are learnt from the dossiers received in this many days before today. */
  readonly historyDays: number;
}

export const DEFAULT_EARLY_WARNING: EarlyWarningOptions = {
  threshold: 0.6,
  intervalMs: 300_000,
  historyDays: 84,
};

/** How long a learnt model is used before it is read again from the record. */
const MODEL_TTL_MS = 3_600_000;
/** Recorded visits a step needs at an agency before its times stand for the agency. */
const MIN_VISITS = 10;

/**
 * The settings `LIEN_THONG_EARLY_WARNING_THRESHOLD` (a probability, default 0.6),
 * `LIEN_THONG_EARLY_WARNING_INTERVAL_SECONDS` (default 300) and `LIEN_THONG_EARLY_WARNING_HISTORY_DAYS`
 * (default 84); a bad value stops the start with a message naming the setting.
 */
export function earlyWarningOptionsFromEnv(
  env: Readonly<Record<string, string | undefined>>,
): EarlyWarningOptions {
  const read = (name: string, fallback: number, ok: (n: number) => boolean, what: string): number => {
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') return fallback;
    const n = Number(raw);
    if (!Number.isFinite(n) || !ok(n)) throw new Error(`${name} must be ${what}, not "${raw}"`);
    return n;
  };
  return {
    threshold: read(
      'LIEN_THONG_EARLY_WARNING_THRESHOLD',
      DEFAULT_EARLY_WARNING.threshold,
      (n) => n > 0 && n <= 1,
      'a probability above 0 and at most 1',
    ),
    intervalMs:
      read(
        'LIEN_THONG_EARLY_WARNING_INTERVAL_SECONDS',
        DEFAULT_EARLY_WARNING.intervalMs / 1000,
        (n) => n >= 1,
        'at least 1 second',
      ) * 1000,
    historyDays: read(
      'LIEN_THONG_EARLY_WARNING_HISTORY_DAYS',
      DEFAULT_EARLY_WARNING.historyDays,
      (n) => Number.isInteger(n) && n >= 7 && n <= 1830,
      'a whole number of days from 7 to 1830',
    ),
  };
}

interface Learnt {
  readonly at: number;
  /** Quantiles of the time used per budget, by `procedure/step/agency`, with the visits behind them. */
  readonly times: ReadonlyMap<string, { readonly quantiles: readonly number[]; readonly visits: number }>;
  /** Dossiers each agency usually holds at once: its working time used over the period's working time. */
  readonly usualLoad: ReadonlyMap<string, number>;
  /** Each agency's usual pace: the median time used per budget over all its steps. */
  readonly usualPace: ReadonlyMap<string, number>;
}

interface OpenVisit {
  code: string;
  procedure_code: string;
  step_id: string;
  agency_code: string;
  handed_off_at: Date;
  budget_ms: string;
}

/**
 * The early warning of lateness (cảnh báo sớm nguy cơ trễ hạn, issue 21): every few minutes, for every
 * step in flight not yet warned, overdue or in the applicant's time, the probability that it ends late,
 * from the agency's recorded times for that step (the reports' read models, the last 12 weeks by
 * default), the share of its budget used, and how much busier or slower the agency is than usual (the
 * larger of its load, the steps it holds now over the number it usually holds, and its pace over the
 * last three days over its usual pace), while a warning still comes a working day ahead (for a step of a day or less, with
 * 80 % of its budget to run; later, the fixed reminder takes over). At the threshold the holder is warned: a `StepLatenessWarned` event on the dossier
 * (once per visit, by idempotency key), which the agency's inbox shows and its webhook receives. Whether
 * it came true is read from how the visit ends (`GET /reports/early-warnings`).
 */
export class EarlyWarningAssessor {
  private learnt: Learnt | undefined;

  constructor(
    private readonly pool: Pool,
    private readonly dossiers: DossierCommandService,
    private readonly calendars: DossierCalendar,
    private readonly clock: Clock,
    readonly options: EarlyWarningOptions = DEFAULT_EARLY_WARNING,
  ) {}

  /** One round over the steps in flight: how many were assessed and how many warned. */
  async assessOnce(): Promise<{ assessed: number; warned: number }> {
    const now = this.clock.now().getTime();
    const calendar = await this.calendars.current();
    const learnt = await this.learn(now, calendar);
    const { rows } = await this.pool.query<OpenVisit>(
      `SELECT v.code, d.procedure_code, v.step_id, v.agency_code, v.handed_off_at, v.budget_ms
         FROM report_step_visits v JOIN report_dossiers d ON d.code = v.code
        WHERE v.completed_at IS NULL AND v.returned_at IS NULL AND v.warned_at IS NULL
          AND NOT v.overdue AND NOT v.excluded_from_limit AND v.budget_ms > 0
          AND d.status = 'in-processing' AND d.ended_at IS NULL`,
    );
    const held = new Map<string, number>();
    for (const r of rows) held.set(r.agency_code, (held.get(r.agency_code) ?? 0) + 1);
    const recent = await this.recentPace(now);
    let warned = 0;
    for (const r of rows) {
      const times = learnt.times.get(`${r.procedure_code}/${r.step_id}/${r.agency_code}`);
      if (!times) continue;
      const budget = Number(r.budget_ms);
      const usedShare = calendar.workingTimeBetween(r.handed_off_at.getTime(), now) / budget;
      // Early or not at all: while a warning still comes a working day ahead (for a step of a day or
      // less, with 80 % of its budget to run); after that the fixed reminder is the instrument.
      if (usedShare * budget > budget - Math.min(calendar.workingDayMs, 0.8 * budget)) continue;
      const usual = learnt.usualLoad.get(r.agency_code) ?? 0;
      const load = usual > 0 ? (held.get(r.agency_code) ?? 0) / usual : 1;
      const usualPace = learnt.usualPace.get(r.agency_code);
      const now3 = recent.get(r.agency_code);
      const pace = usualPace && now3 !== undefined ? now3 / usualPace : 1;
      // A busier or slower agency than usual: the rest of the step stretched by the larger of the two.
      const probability = latenessProbability(times.quantiles, usedShare, Math.max(load, pace));
      if (probability < this.options.threshold) continue;
      if (await this.warn(r, probability, { visits: times.visits, load, pace, usedShare })) warned += 1;
    }
    return { assessed: rows.length, warned };
  }

  private async warn(
    r: OpenVisit,
    probability: number,
    basis: { visits: number; load: number; pace: number; usedShare: number },
  ): Promise<boolean> {
    const handedOffAt = r.handed_off_at.toISOString();
    try {
      const result = await this.dossiers.execute(
        r.code,
        {
          type: 'WarnStepLateness',
          stepId: r.step_id,
          handedOffAt: vietnamIso(r.handed_off_at.getTime()),
          probability,
          threshold: this.options.threshold,
          basis,
        },
        {
          actor: { system: EARLY_WARNING_ACTOR },
          idempotencyKey: `lateness-warning:${r.step_id}:${handedOffAt}`,
        },
      );
      return result.recorded.length > 0 && result.alreadyApplied !== true;
    } catch (error) {
      // The dossier moved on since the read model saw it (completed, paused, handed off again, closed):
      // nothing to warn about now; an infrastructure failure is the round's.
      if (error instanceof DomainError && error.kind !== 'unavailable') return false;
      throw error;
    }
  }

  /** The agencies' times and usual loads, learnt from the record and kept an hour. */
  private async learn(now: number, calendar: WorkingTimeCalendar): Promise<Learnt> {
    if (this.learnt && now - this.learnt.at < MODEL_TTL_MS) return this.learnt;
    const today = localDateOf(now);
    const from = addDays(today, -this.options.historyDays);
    const history: StepHistory = await readStepHistory(
      this.pool,
      { start: startOfLocalDay(from), end: startOfLocalDay(today) },
      null,
    );
    const byKey = new Map<string, { quantiles: readonly number[]; visits: number }[]>();
    const used = new Map<string, number>();
    for (const g of history.groups) {
      used.set(g.agencyCode, (used.get(g.agencyCode) ?? 0) + g.usedWorkingMs);
      if (!g.usedPerBudget) continue;
      const key = `${g.procedureCode}/${g.stepId}/${g.agencyCode}`;
      byKey.set(key, [...(byKey.get(key) ?? []), { quantiles: g.usedPerBudget, visits: g.visits }]);
    }
    const times = new Map<string, { quantiles: readonly number[]; visits: number }>();
    for (const [key, sets] of byKey) {
      const visits = sets.reduce((a, s) => a + s.visits, 0);
      if (visits >= MIN_VISITS) times.set(key, { quantiles: mergeQuantiles(sets), visits });
    }
    const period = calendar.workingTimeBetween(startOfLocalDay(from), startOfLocalDay(today));
    const usualLoad = new Map([...used].map(([agency, ms]) => [agency, period > 0 ? ms / period : 0]));
    const byAgency = new Map<string, { quantiles: readonly number[]; visits: number }[]>();
    for (const g of history.groups)
      if (g.usedPerBudget)
        byAgency.set(g.agencyCode, [
          ...(byAgency.get(g.agencyCode) ?? []),
          { quantiles: g.usedPerBudget, visits: g.visits },
        ]);
    const usualPace = new Map(
      [...byAgency]
        .map(([agency, sets]) => [agency, mergeQuantiles(sets)[50] ?? 0] as const)
        .filter(([, m]) => m > 0),
    );
    this.learnt = { at: now, times, usualLoad, usualPace };
    return this.learnt;
  }

  /** Each agency's median time used per budget over the steps it ended in the last three days (3 or more). */
  private async recentPace(now: number): Promise<Map<string, number>> {
    const { rows } = await this.pool.query<{ agency_code: string; pace: number }>(
      `SELECT agency_code, percentile_cont(0.5) WITHIN GROUP (ORDER BY used_working_ms::float8 / budget_ms) AS pace
         FROM report_step_visits
        WHERE coalesce(completed_at, returned_at) >= $1 AND coalesce(completed_at, returned_at) < $2
          AND budget_ms > 0 AND used_working_ms IS NOT NULL AND NOT excluded_from_limit
        GROUP BY agency_code HAVING count(*) >= 3`,
      [new Date(now - 3 * 86_400_000), new Date(now)],
    );
    return new Map(rows.map((r) => [r.agency_code, Number(r.pace)]));
  }
}

/** The assessor every `intervalMs` (the worker's loop); a failed round is logged and tried again. */
export class EarlyWarningLoop {
  private readonly poll: PollLoop;

  constructor(assessor: EarlyWarningAssessor, log: (message: string) => void) {
    this.poll = new PollLoop(async () => (await assessor.assessOnce(), 0), {
      batchSize: Number.POSITIVE_INFINITY,
      pollIntervalMs: assessor.options.intervalMs,
      what: 'early warning: a round of assessments',
      log,
    });
  }

  start(): void {
    this.poll.start();
  }

  /** Stops once the round under way has finished. */
  stop(): Promise<void> {
    return this.poll.stop();
  }
}
