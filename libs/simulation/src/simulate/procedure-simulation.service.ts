import { Inject, Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import { addDays, localDateOf, startOfLocalDay, type WorkingTimeCalendar } from '@lien-thong/calendar';
import { CLOCK, type Clock } from '@lien-thong/contracts';
import { AGENCY_DIRECTORY, type AgencyDirectory } from '@lien-thong/agencies';
import { BoundProcedures, DossierCalendar, statutoryDueAt } from '@lien-thong/dossiers';
import { PG_POOL } from '@lien-thong/postgres';
import {
  GetProcedure,
  GetProcedureVersion,
  countedLimit,
  validateProcedureDefinition,
  type ProcedureDefinition,
  type ProcedureView,
  type StepDefinition,
} from '@lien-thong/procedures';
import { readStepHistory, type StepHistory } from '@lien-thong/reports';
import { modelFromHistory, type Assumption } from '../domain/model-from-history';
import { startSimulation, type SimulationResult } from '../domain/procedure-simulation';
import type { SimulationModel } from '../domain/simulation-model';
import type { DefinitionRef, SimulationRequest } from '../domain/simulation-request';
import { simulationError } from '../simulation.errors';
import { planCapacity, type CapacityPlan } from './capacity-plan';

/** Simulations running at once in this process, and waiting for their turn; beyond that, 503. */
const RUNNING_AT_ONCE = 2;
const WAITING_AT_MOST = 8;
/** Events processed between two yields to the event loop (a few milliseconds of work). */
const SLICE_EVENTS = 20_000;
/** The history learnt from by default: the 12 weeks before today. */
const DEFAULT_HISTORY_DAYS = 84;

export interface SimulatedDefinition {
  readonly ref: 'draft' | { readonly version: number };
  readonly result: SimulationResult;
  readonly assumptions: readonly Assumption[];
}

export interface SimulationResponse {
  readonly procedureCode: string;
  readonly history: {
    readonly from: string;
    readonly to: string;
    /** Dossiers of this procedure received then, and of them finished early or on time (the record). */
    readonly dossiers: number;
    readonly finished: number;
    readonly recordedOnTimeShare: number | null;
  };
  readonly dossiers: number;
  readonly seed: number;
  readonly firstDay: string;
  readonly simulated: SimulatedDefinition;
  /** The same arrivals and luck through the other definition, and the differences (other − this). */
  readonly comparison: {
    readonly other: SimulatedDefinition;
    readonly difference: {
      readonly onTimeShare: number;
      readonly p50WorkingDays: number;
      readonly p90WorkingDays: number;
      readonly late: number;
    };
  } | null;
  readonly capacityPlan: CapacityPlan | null;
}

/**
 * Runs simulations for the API (issue 21): loads the definition (a draft is validated first), learns the
 * model from the reports' read models, and runs it in slices so the process keeps serving others.
 */
@Injectable()
export class ProcedureSimulationService {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly queries: QueryBus,
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly calendars: DossierCalendar,
    private readonly procedures: BoundProcedures,
    @Inject(AGENCY_DIRECTORY) private readonly agencies: AgencyDirectory,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** `signal`: the caller went away; the simulation stops at its next slice. */
  async simulate(
    code: string,
    request: SimulationRequest,
    signal?: AbortSignal,
  ): Promise<SimulationResponse> {
    const definition = await this.definition(code, request.definition);
    const other = request.compareWith ? await this.definition(code, request.compareWith) : null;
    const today = localDateOf(this.clock.now().getTime());
    const history = request.history ?? {
      from: addDays(today, -DEFAULT_HISTORY_DAYS),
      to: addDays(today, -1),
    };
    const calendar = await this.calendars.current();
    const recorded = await readStepHistory(
      this.pool,
      { start: startOfLocalDay(history.from), end: startOfLocalDay(addDays(history.to, 1)) },
      null,
    );
    const own = recorded.procedures.find((p) => p.procedureCode === code);
    if (!request.arrivals && (own?.dossiers ?? 0) === 0)
      throw simulationError(
        'SIMULATION_NO_HISTORY',
        `No dossier of ${code} was received from ${history.from} to ${history.to}: give arrivals.perWorkingDay, or another history period`,
        `Không có hồ sơ nào của thủ tục ${code} được tiếp nhận từ ${history.from} đến ${history.to}: hãy nhập số hồ sơ mỗi ngày làm việc (arrivals.perWorkingDay) hoặc chọn giai đoạn khác`,
        [{ path: 'history', code: 'NO_HISTORY', message: `no dossier of ${code} received in the period` }],
      );
    const input = await this.historyInput(recorded, calendar, history);
    const firstDay = request.firstDay ?? addDays(today, 1);
    const build = (def: ProcedureDefinition, capacity = request.capacity) =>
      modelFromHistory(
        {
          definition: def,
          firstDay,
          dossiers: request.dossiers,
          seed: request.seed,
          capacity,
          ...(request.arrivals ? { arrivals: request.arrivals } : {}),
          ...(request.supplementPauseDays !== null
            ? { supplementPauseDays: request.supplementPauseDays }
            : {}),
        },
        input,
        {
          calendar,
          statutoryDue: (receivedAt) =>
            statutoryDueAt(calendar, receivedAt, countedLimit(def.statutoryLimit), def.countingRule),
        },
      );
    return this.turn(async () => {
      const run = async (def: ProcedureDefinition, ref: SimulatedDefinition['ref']) => {
        const built = build(def);
        const result = await this.run(built.model, signal);
        return { ref, result, assumptions: built.assumptions() };
      };
      const simulated = await run(definition.definition, definition.ref);
      const compared = other ? await run(other.definition, other.ref) : null;
      const capacityPlan =
        request.targetOnTimeShare === null
          ? null
          : await planCapacity(
              (capacity) => this.run(build(definition.definition, capacity).model, signal),
              simulated.result,
              request.targetOnTimeShare,
              request.capacity,
            );
      const d = (a: number, b: number) => Math.round((a - b) * 10_000) / 10_000;
      return {
        procedureCode: code,
        history: {
          ...history,
          dossiers: own?.dossiers ?? 0,
          finished: own?.finished ?? 0,
          recordedOnTimeShare:
            own && own.finished > 0
              ? Math.round((own.finishedInTime / own.finished) * 10_000) / 10_000
              : null,
        },
        dossiers: request.dossiers,
        seed: request.seed,
        firstDay,
        simulated,
        comparison: compared
          ? {
              other: compared,
              difference: {
                onTimeShare: d(compared.result.onTimeShare, simulated.result.onTimeShare),
                p50WorkingDays: d(
                  compared.result.processingWorkingDays.p50,
                  simulated.result.processingWorkingDays.p50,
                ),
                p90WorkingDays: d(
                  compared.result.processingWorkingDays.p90,
                  simulated.result.processingWorkingDays.p90,
                ),
                late: compared.result.late - simulated.result.late,
              },
            }
          : null,
        capacityPlan,
      };
    });
  }

  /** The definition asked for: a published version, the latest one, or the draft (validated first). */
  private async definition(
    code: string,
    ref: DefinitionRef,
  ): Promise<{ definition: ProcedureDefinition; ref: SimulatedDefinition['ref'] }> {
    const view = await this.queries.execute<GetProcedure, ProcedureView>(new GetProcedure(code));
    if (ref === 'draft') {
      if (!view.draft)
        throw simulationError(
          'SIMULATION_NO_DRAFT',
          `Procedure ${code} has no draft`,
          `Thủ tục ${code} không có bản nháp`,
        );
      const directory = await this.agencies.snapshot();
      const checked = validateProcedureDefinition(view.draft, {
        agencyExists: (c) => directory.exists(c),
        roleResolvable: (r) => directory.hasRole(r),
      });
      if (!checked.ok)
        throw simulationError(
          'SIMULATION_DEFINITION_INVALID',
          `The draft of ${code} is not valid: ${checked.problems.length} problem(s); fix them before simulating`,
          `Bản nháp của thủ tục ${code} chưa hợp lệ (${checked.problems.length} lỗi); hãy sửa trước khi mô phỏng`,
          checked.problems,
        );
      return { definition: checked.value, ref: 'draft' };
    }
    const version =
      ref === 'published'
        ? view.versions.filter((v) => !v.deprecated).reduce((max, v) => Math.max(max, v.version), 0)
        : ref.version;
    if (version === 0 || !view.versions.some((v) => v.version === version))
      throw simulationError(
        'SIMULATION_NOT_PUBLISHED',
        ref === 'published'
          ? `Procedure ${code} has no published version in force`
          : `Procedure ${code} has no version ${version}`,
        ref === 'published'
          ? `Thủ tục ${code} chưa có phiên bản nào đang áp dụng`
          : `Thủ tục ${code} không có phiên bản ${version}`,
      );
    const definition = await this.queries.execute<GetProcedureVersion, ProcedureDefinition>(
      new GetProcedureVersion(code, version),
    );
    return { definition, ref: { version } };
  }

  /** The history as the model reads it: the recorded versions' steps, the working days of the period. */
  private async historyInput(
    recorded: StepHistory,
    calendar: WorkingTimeCalendar,
    period: { from: string; to: string },
  ) {
    const steps = new Map<string, StepDefinition>();
    const versions = new Set(recorded.groups.map((g) => `${g.procedureCode}@${g.procedureVersion}`));
    for (const key of versions) {
      const [procedureCode, version] = key.split('@') as [string, string];
      const def = await this.procedures.definition(procedureCode, Number(version)).catch(() => null);
      for (const s of def?.steps ?? []) steps.set(`${key}/${s.id}`, s);
    }
    let workingDays = 0;
    for (let day = period.from; day <= period.to; day = addDays(day, 1))
      if (calendar.isWorkingInstant(startOfLocalDay(day) + 10 * 3_600_000)) workingDays += 1;
    return {
      groups: recorded.groups,
      procedures: recorded.procedures,
      workingDays,
      stepOf: (code: string, version: number, stepId: string) => steps.get(`${code}@${version}/${stepId}`),
    };
  }

  /** Runs a model in slices, yielding to the event loop between them. */
  private async run(model: SimulationModel, signal?: AbortSignal): Promise<SimulationResult> {
    const run = startSimulation(model);
    while (!run.advance(SLICE_EVENTS)) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (signal?.aborted)
        throw simulationError(
          'SIMULATION_CANCELLED',
          'The simulation was stopped: the caller went away',
          'Phiên mô phỏng đã dừng vì người gọi đã ngắt kết nối',
        );
    }
    return run.result();
  }

  /** At most RUNNING_AT_ONCE simulations at once; a few more wait; beyond that, 503. */
  private async turn<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= RUNNING_AT_ONCE) {
      if (this.waiting.length >= WAITING_AT_MOST)
        throw simulationError(
          'SIMULATION_BUSY',
          'Too many simulations are running: try again in a minute',
          'Đang có quá nhiều phiên mô phỏng: vui lòng thử lại sau ít phút',
        );
      // The slot is handed over by the one finishing (running stays counted).
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else this.running += 1;
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running -= 1;
    }
  }
}
