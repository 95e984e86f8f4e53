import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import { Module, type DynamicModule, type INestApplicationContext } from '@nestjs/common';
import { CommandBus, CqrsModule } from '@nestjs/cqrs';
import { NestFactory } from '@nestjs/core';
import { DomainError, type Clock, type CoordinationNotice } from '@lien-thong/contracts';
import { EVENT_STORE, InMemoryEventStore, type EventStore } from '@lien-thong/event-store';
import { vietnameseCalendar, type WorkingTimeCalendar } from '@lien-thong/calendar';
import type { RuntimeConfig } from '@lien-thong/config';
import { AgenciesModule } from '@lien-thong/agencies';
import { CoordinationModule, DossierCoordinationActivities } from '@lien-thong/coordination';
import {
  DossierCommandService,
  DossiersModule,
  ReceiveDossierCommand,
  type DossierAction,
  type ReceiptView,
} from '@lien-thong/dossiers';
import type { DossierState } from '@lien-thong/dossier-model';
import { HolidayCalendarModule } from '@lien-thong/holiday-calendar';
import { PlatformModule } from '@lien-thong/platform';
import { BulkImporter, StagedDossierEventStore } from './staged-event-store';
import { ProceduresModule } from '@lien-thong/procedures';
import { seededRandom } from '@lien-thong/simulation';

/**
 * A history of dossiers made through the real engine (issue 19, the data generator): intakes through the
 * intake command (the published sample procedures, their routing and owners), the coordinator's own
 * plan for transfers, handoffs, overdue marks, reminders, apology requests and the result, and agencies
 * acting with realistic timing: arrivals on working days and hours (none at Tết), each agency's own
 * pace (some slower), supplements, returns, apologies, some of them late. Every event is decided by the
 * dossier decider and appended to the event store as in production; only the clock is the simulation's
 * (each dossier runs in its own simulated time, several at once).
 *
 * Bulk mode (`bulk: true`, for a million dossiers): the same engine and decisions, but a dossier's
 * streams live in an in-memory store of its own while it is simulated (same validation and hash chain)
 * and are written to PostgreSQL when its life is over, many dossiers per statement
 * (`PostgresEventStore.importStreams`); everything else (procedures, agencies, the intake register, the
 * personal-data vault, codes) is written as in production. Events then carry their simulated
 * `recordedAt`.
 */

/** The simulated instant of the dossier being simulated (AsyncLocalStorage: one per concurrent dossier). */
const simulatedTime = new AsyncLocalStorage<{ now: number; staging?: InMemoryEventStore }>();
const SIMULATED_CLOCK: Clock = { now: () => new Date(simulatedTime.getStore()?.now ?? Date.now()) };

@Module({})
class HistoryModule {
  static forRoot(config: RuntimeConfig, bulk: boolean): DynamicModule {
    const eventStore = bulk
      ? (configured: EventStore) =>
          new StagedDossierEventStore(configured, () => simulatedTime.getStore()?.staging)
      : undefined;
    return {
      module: HistoryModule,
      imports: [
        PlatformModule.forRoot(config, { clock: SIMULATED_CLOCK, ...(eventStore ? { eventStore } : {}) }),
        CqrsModule.forRoot(),
        AgenciesModule,
        ProceduresModule,
        HolidayCalendarModule,
        DossiersModule,
        CoordinationModule.forWorker({ sendNotice: () => undefined }),
      ],
    };
  }
}

const HOUR = 3_600_000;
/** How much slower an agency is in one of its slow weeks (see HistoryOptions.slowWeeks). */
const SLOW_WEEK_FACTOR = 1.8;
const WORKING_DAY = 8 * HOUR;

/** The two sample wards: their desk (people's committee) and police. */
const WARDS = [
  { desk: '000.00.71.H29', police: '000.00.72.H29' },
  { desk: '000.00.73.H29', police: '000.00.74.H29' },
];

/** Each agency's pace: the share of a step's budget it takes on average (above 1: usually late). */
const PACE: Readonly<Record<string, number>> = {
  '000.00.71.H29': 0.55,
  '000.00.72.H29': 0.7,
  '000.00.73.H29': 0.65,
  '000.00.74.H29': 0.9,
  '000.00.61.H29': 0.8,
};

/**
 * When a step visit is received and how long the agency then works on it, as shares of the step's budget
 * in working time: received within the first 15 % (unless it already was), then work drawn lognormal-ish
 * around the agency's pace (most steps near it, a tail well past the budget), at least 5 %. The visit ends
 * late when the two add up to more than 1 (before supplements and returns, which a few visits get).
 */
export function stepTimeShares(
  pace: number,
  received: boolean,
  rnd: () => number,
): { receive: number; work: number } {
  const receive = received ? 0 : rnd() * 0.15;
  const work = pace * Math.exp((rnd() + rnd() + rnd() - 1.5) * 0.7);
  return { receive, work: Math.max(work, 0.05) };
}

interface ProcedureMix {
  readonly code: string;
  readonly weight: number;
  readonly documents: readonly { code: string; copies: number; original: boolean }[];
  /** The step the ward's police owns. */
  readonly policeStep: string;
}

const MIX: readonly ProcedureMix[] = [
  {
    code: '1.001193',
    weight: 0.7,
    documents: [
      { code: 'to-khai-lien-thong', copies: 1, original: true },
      { code: 'giay-chung-sinh', copies: 1, original: true },
    ],
    policeStep: 'register-residence',
  },
  {
    code: '2.000986',
    weight: 0.3,
    documents: [
      { code: 'to-khai-khai-tu', copies: 1, original: true },
      { code: 'giay-bao-tu', copies: 1, original: true },
    ],
    policeStep: 'remove-residence',
  },
];

export interface HistoryOptions {
  /** First and last day of the arrivals (Vietnam time). */
  readonly from: string;
  readonly to: string;
  readonly seed: number;
  /** Dossiers simulated at once. */
  readonly concurrency: number;
  /** Stage each dossier's streams in memory and write them in bulk (see the class comment). */
  readonly bulk?: boolean;
  /**
   * The share of weeks in which an agency works slowly (officers on leave, a campaign elsewhere): its pace
   * is SLOW_WEEK_FACTOR times its usual one that week, so its backlog grows (default 0: every week alike).
   * Drawn per agency and ISO week from the seed, the same for every dossier.
   */
  readonly slowWeeks?: number;
}

export interface HistoryCounts {
  dossiers: number;
  supplements: number;
  returns: number;
  apologies: number;
  failed: number;
}

export class HistorySimulator {
  readonly counts: HistoryCounts = { dossiers: 0, supplements: 0, returns: 0, apologies: 0, failed: 0 };
  private readonly calendar: WorkingTimeCalendar = vietnameseCalendar();
  private readonly importer: BulkImporter | undefined;

  private constructor(
    private readonly app: INestApplicationContext,
    private readonly options: HistoryOptions,
  ) {
    const store = app.get<EventStore>(EVENT_STORE);
    this.importer = store instanceof StagedDossierEventStore ? new BulkImporter(store.postgres) : undefined;
  }

  /**
   * The runtime a throwaway history needs (benchmarks, tests): this database, no Temporal (the history
   * coordinates in-process), a fresh vault key.
   */
  static throwawayConfig(databaseUrl: string): RuntimeConfig {
    return {
      databaseUrl,
      temporalAddress: '127.0.0.1:1',
      temporalNamespace: 'default',
      eventStoreUrl: undefined,
      apiPort: 0,
      apiHost: '127.0.0.1',
      temporalUiUrl: undefined,
      vaultMasterKey: randomBytes(32).toString('base64'),
    };
  }

  static async start(config: RuntimeConfig, options: HistoryOptions): Promise<HistorySimulator> {
    const app = await NestFactory.createApplicationContext(
      HistoryModule.forRoot({ ...config, seed: 'sample', calendar: 'vietnamese' }, options.bulk === true),
      { logger: ['error'] },
    );
    return new HistorySimulator(app, options);
  }

  /** The engine the history is made with (its services, for the projections that follow it). */
  get context(): INestApplicationContext {
    return this.app;
  }

  async close(): Promise<void> {
    await this.app.close();
  }

  /** Simulates dossiers `first` … `first + count − 1`, `concurrency` at a time. */
  async run(first: number, count: number, progress?: (done: number) => void): Promise<void> {
    let next = first;
    let done = 0;
    const worker = async () => {
      while (next < first + count) {
        const i = next++;
        try {
          await this.simulate(i);
        } catch (error) {
          this.counts.failed += 1;
          if (this.counts.failed <= 5)
            console.error(`dossier ${i}: ${error instanceof Error ? error.message : String(error)}`);
        }
        done += 1;
        progress?.(done);
      }
    };
    await Promise.all(Array.from({ length: this.options.concurrency }, worker));
    await this.importer?.flush();
  }

  /** One dossier from intake to the result returned (or stopped), in its own simulated time. */
  private async simulate(index: number): Promise<void> {
    const rnd = seededRandom(this.options.seed * 1_000_003 + index);
    const clock: { now: number; staging?: InMemoryEventStore } = { now: this.arrival(rnd) };
    if (this.importer) clock.staging = new InMemoryEventStore({ now: () => new Date(clock.now) });
    try {
      await simulatedTime.run(clock, () => this.life(index, rnd, clock));
    } finally {
      // What was decided is written, also for a dossier whose simulation failed halfway (as unstaged).
      if (clock.staging) await this.importer!.add(await clock.staging.readAll());
    }
  }

  private async life(index: number, rnd: () => number, clock: { now: number }): Promise<void> {
    const ward = WARDS[rnd() < 0.6 ? 0 : 1]!;
    const pick = rnd();
    const procedure = pick < MIX[0]!.weight ? MIX[0]! : MIX[1]!;
    const online = rnd() < 0.45;
    const receipt = await this.app.get(CommandBus).execute<ReceiveDossierCommand, ReceiptView>(
      new ReceiveDossierCommand({
        intakeRef: `history-${this.options.seed}-${index}`,
        procedureCode: procedure.code,
        channel: online ? 'online' : 'counter',
        receivingUnitCode: ward.desk,
        applicantCommuneCode: ward.desk,
        stepOwners: { [procedure.policeStep]: ward.police },
        applicant: {
          fullName: `Người nộp ${index}`,
          address: 'Thành phố Hồ Chí Minh',
          phone: null,
          email: null,
          idNumber: String(79_000_000_000 + index).padStart(12, '0'),
          dateOfBirth: null,
        },
        documents: procedure.documents,
        officer: `can-bo-${ward.desk}`,
      }),
    );
    const code = receipt.dossierCode;
    const service = this.app.get(DossierCommandService);
    const coordinator = this.app.get(DossierCoordinationActivities);
    /** Agency events planned per open step visit (keyed by step and handoff instant). */
    const planned = new Map<string, { at: number; act: () => Promise<void> }>();
    /** Every step visit, supplement and notice already planned (planned ones leave `planned` when done). */
    const seen = new Set<string>();
    const act = (action: DossierAction, agencyCode?: string) =>
      service.execute(code, action, {
        actor: agencyCode ? { personId: `can-bo-${agencyCode}`, agencyCode } : { system: 'history' },
      });
    let apologyAsked = 0;
    for (let round = 0; round < 200; round += 1) {
      const result = await coordinator.coordinateDossier(code);
      if (result.finished) break;
      const { state } = await service.load(code);
      if (state.status === 'result-ready') {
        clock.now = this.calendar.addWorkingTime(clock.now, (0.2 + rnd() * 1.5) * WORKING_DAY);
        await act(
          { type: 'ReturnResult', channel: state.channel === 'online' && rnd() < 0.5 ? 'online' : 'counter' },
          state.receivingUnitCode!,
        );
        continue;
      }
      // An apology requested: the agency responsible answers, mostly in time, sometimes late or never.
      if (
        state.apologyRequests.length > apologyAsked &&
        !seen.has(`apology:${state.apologyRequests.length}`)
      ) {
        seen.add(`apology:${state.apologyRequests.length}`);
        apologyAsked = state.apologyRequests.length;
        const request = state.apologyRequests[apologyAsked - 1]!;
        const agency = request.agencyCodes[0];
        if (agency && state.reappointments === 0 && rnd() < 0.8) {
          const respondBy = Date.parse(request.respondBy);
          const at =
            rnd() < 0.75
              ? Math.min(respondBy, clock.now + HOUR)
              : this.calendar.addWorkingTime(respondBy, 2 * HOUR);
          planned.set(`apology:${request.dueAt}`, {
            at: Math.max(at, clock.now),
            act: async () => {
              const appointment = Date.parse(state.appointmentAt!);
              const newAppointment = this.calendar.addWorkingTime(
                Math.max(appointment, clock.now),
                (2 + Math.floor(rnd() * 3)) * WORKING_DAY,
              );
              await act(
                {
                  type: 'IssueApology',
                  agencyCode: agency,
                  reason: 'Cần thêm thời gian xác minh',
                  newAppointmentAt: new Date(newAppointment).toISOString(),
                },
                agency,
              ).then(
                () => void (this.counts.apologies += 1),
                () => undefined,
              );
            },
          });
        }
      }
      this.planSteps(state, planned, seen, rnd, act);
      for (const notice of result.notices ?? []) {
        if (seen.has(`notice:${notice.key}`)) continue;
        seen.add(`notice:${notice.key}`);
        planned.set(`notice:${notice.key}`, {
          at: notice.at,
          act: () => this.notify(coordinator, code, notice),
        });
      }
      const candidates = [...planned.entries()];
      if (result.wakeAt !== null)
        candidates.push(['wake', { at: result.wakeAt, act: () => Promise.resolve() }]);
      if (candidates.length === 0) break;
      const [key, next] = candidates.reduce((a, b) => (b[1].at < a[1].at ? b : a));
      // The history stops at the present: what would happen later is left in flight (today's backlog).
      if (next.at > Date.now()) break;
      planned.delete(key);
      clock.now = Math.max(clock.now, next.at);
      try {
        await next.act();
      } catch (error) {
        // The dossier moved on meanwhile (a return, a supplement): the decider refused this one.
        if (!(error instanceof DomainError)) throw error;
      }
    }
    this.counts.dossiers += 1;
  }

  private async notify(
    coordinator: DossierCoordinationActivities,
    code: string,
    notice: CoordinationNotice,
  ): Promise<void> {
    await coordinator.notifyCoordination(code, [{ ...notice, due: true }]);
  }

  /** For each step held and not yet planned: when it is received and how it ends. */
  private planSteps(
    state: DossierState,
    planned: Map<string, { at: number; act: () => Promise<void> }>,
    seen: Set<string>,
    rnd: () => number,
    act: (action: DossierAction, agencyCode?: string) => Promise<unknown>,
  ): void {
    if (state.openSupplement) {
      const key = `supplement:${state.openSupplement.requestedAt}`;
      if (!seen.has(key) && seen.add(key))
        planned.set(key, {
          // The applicant brings what was asked in 1 to 5 working days.
          at: this.calendar.addWorkingTime(
            Date.parse(state.openSupplement.requestedAt),
            (1 + rnd() * 4) * WORKING_DAY,
          ),
          act: () => act({ type: 'ReceiveSupplement' }, state.receivingUnitCode!).then(() => undefined),
        });
      return;
    }
    for (const [stepId, step] of Object.entries(state.activeSteps)) {
      const key = `step:${stepId}:${step.handedOffAt}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const agency = step.holderAgencyCode;
      const from = Math.max(Date.parse(step.handedOffAt), this.nowOf());
      const budgetWorking = Math.max(
        this.calendar.workingTimeBetween(Date.parse(step.handedOffAt), Date.parse(step.deadline)),
        HOUR,
      );
      const shares = stepTimeShares(this.paceOf(agency, from), step.receivedAt !== null, rnd);
      const receiveAt = step.receivedAt
        ? from
        : this.calendar.addWorkingTime(from, shares.receive * budgetWorking);
      const doneAt = this.calendar.addWorkingTime(receiveAt, shares.work * budgetWorking);
      const roll = rnd();
      planned.set(key, {
        at: receiveAt,
        act: async () => {
          if (!step.receivedAt) await act({ type: 'ReceiveStep', stepId, agencyCode: agency }, agency);
          planned.set(`${key}:end`, {
            at: doneAt,
            act: async () => {
              const canReturn = state.routing?.steps.find((s) => s.id === stepId)?.canReturnTo ?? [];
              if (roll < 0.05 && !state.completedSteps[stepId] && state.openSupplement === null) {
                this.counts.supplements += 1;
                await act(
                  {
                    type: 'RequestSupplement',
                    stepId,
                    agencyCode: agency,
                    items: [{ documentCode: null, action: 'add', description: 'Bản sao giấy tờ tùy thân' }],
                    reason: 'Thiếu giấy tờ chứng minh nhân thân',
                  },
                  agency,
                ).catch(() =>
                  act(
                    { type: 'CompleteStep', stepId, agencyCode: agency, resultSummary: 'Đã xử lý' },
                    agency,
                  ),
                );
                // Once the supplement is in, the agency finishes the step.
                seen.delete(key);
                return;
              }
              if (roll > 0.97 && canReturn.length > 0) {
                this.counts.returns += 1;
                await act(
                  {
                    type: 'ReturnStep',
                    stepId,
                    agencyCode: agency,
                    toStepId: canReturn[0]!,
                    reason: 'Sai thông tin',
                  },
                  agency,
                );
                return;
              }
              await act(
                { type: 'CompleteStep', stepId, agencyCode: agency, resultSummary: 'Đã xử lý' },
                agency,
              );
            },
          });
        },
      });
    }
  }

  /**
   * The share of a step's budget the agency takes on average for a step handed to it at `instant`: its
   * pace, slower in its slow weeks. The generator's own parameter, not something the engine can observe
   * (the simulation benchmark uses it for the best warning any model could give on this history).
   */
  paceOf(agency: string, instant: number): number {
    return (PACE[agency] ?? 0.8) * this.weekFactor(agency, instant);
  }

  /** SLOW_WEEK_FACTOR in the agency's slow weeks (a share `slowWeeks` of them), else 1. */
  private weekFactor(agency: string, instant: number): number {
    const share = this.options.slowWeeks ?? 0;
    if (share <= 0) return 1;
    // Weeks counted from Monday 5 January 1970 in Vietnam time; one draw per agency and week.
    const week = Math.floor((instant + 7 * HOUR - 4 * 86_400_000) / (7 * 86_400_000));
    let hash = this.options.seed * 2_654_435_761 + week * 40_503;
    for (const c of agency) hash = Math.imul(hash ^ c.charCodeAt(0), 16_777_619);
    return seededRandom(hash >>> 0)() < share ? SLOW_WEEK_FACTOR : 1;
  }

  private nowOf(): number {
    return simulatedTime.getStore()?.now ?? Date.now();
  }

  /** A working day of the period and an hour of the desk's (peaks mid-morning and early afternoon). */
  private arrival(rnd: () => number): number {
    const from = Date.parse(`${this.options.from}T00:00:00+07:00`);
    const to = Date.parse(`${this.options.to}T23:59:59+07:00`);
    for (let attempt = 0; attempt < 100; attempt += 1) {
      const day = from + Math.floor(rnd() * Math.floor((to - from) / 86_400_000 + 1)) * 86_400_000;
      const hour = rnd() < 0.6 ? 8 + rnd() * 3.3 : 13 + rnd() * 3.8;
      const instant = day + (hour - 0) * HOUR;
      if (this.calendar.isWorkingInstant(instant)) return instant;
    }
    return from + 9 * HOUR;
  }
}
