import { DAY_MS, dayNumberOf, fromDayNumber, midnightOf, toDayNumber } from '@lien-thong/calendar';
import type { StepDefinition } from '@lien-thong/procedures';
import { MinHeap } from './min-heap';
import {
  exponential,
  fromQuantiles,
  normal,
  percentileOfSorted,
  poisson,
  seededRandom,
} from './seeded-random';
import type { DurationModel, SimulationModel, StepBehaviour } from './simulation-model';
import { WorkingAxis } from './working-axis';

/** A visit that keeps being handed back is cut here (a model whose return rate loops for ever). */
const MAX_VISITS_PER_DOSSIER = 100;
/** The queue series is given per working day up to this many points, then per week (maximum of each). */
const MAX_SERIES_POINTS = 370;

export interface StepFigures {
  readonly stepId: string;
  readonly agency: string;
  readonly visits: number;
  readonly late: number;
  readonly lateShare: number | null;
  /** Working time past the step's deadlines, summed, in working days. */
  readonly delayWorkingDays: number;
  /** Waiting for the agency to be free (its capacity), per visit on average, in working days. */
  readonly meanQueueWorkingDays: number;
  /** Handed off → completed (or handed back), without clock stops, per visit on average. */
  readonly meanVisitWorkingDays: number;
  readonly budgetWorkingDays: number;
  readonly source: StepBehaviour['source'];
}

export interface QueuePoint {
  /** The working day (or the Monday of the week, when given per week). */
  readonly date: string;
  /** The most dossiers held at once that day (waiting or being worked on). */
  readonly inProgress: number;
  /** The most dossiers waiting for the agency to be free that day. */
  readonly waiting: number;
}

export interface AgencyQueue {
  readonly agency: string;
  readonly capacity: number | null;
  readonly maxInProgress: number;
  readonly maxWaiting: number;
  readonly per: 'working-day' | 'week';
  readonly series: readonly QueuePoint[];
}

export interface SimulationResult {
  readonly dossiers: number;
  readonly firstArrival: string;
  readonly lastArrival: string;
  readonly lastResult: string;
  readonly early: number;
  readonly onTime: number;
  readonly late: number;
  /** (early + on time) / dossiers, 4 decimals: the Decision 766 "trước hạn, đúng hạn" share. */
  readonly onTimeShare: number;
  /** Receipt → result ready, in working days without clock stops. */
  readonly processingWorkingDays: { readonly mean: number; readonly p50: number; readonly p90: number };
  readonly supplements: number;
  readonly returns: number;
  /** Every step at every agency, most delay caused first. */
  readonly steps: readonly StepFigures[];
  /** The late steps by agency (the steps above with at least one late visit). */
  readonly lateSteps: readonly StepFigures[];
  readonly queues: readonly AgencyQueue[];
  /** The step that holds dossiers up most: most delay past deadlines, else most time per budget. */
  readonly bottleneck: {
    readonly stepId: string;
    readonly agency: string;
    readonly reason: 'delay-past-deadlines' | 'time-per-budget';
  } | null;
}

interface StepInfo {
  readonly def: StepDefinition;
  readonly index: number;
  readonly after: readonly number[];
  readonly next: readonly number[];
  readonly returnTo: number | null;
  readonly budgetMs: number;
  readonly excluded: boolean;
  readonly conditional: boolean;
}

interface Visit {
  readonly run: Run;
  readonly step: number;
  readonly agency: string;
  readonly handoff: number;
  /** Waiting for the agency to be free, so far; and since when it waits now. */
  queued: number;
  enqueuedAt: number;
  /** Service still to do (working ms). */
  remaining: number;
  /** Part of the service after which the agency asks for a supplement (−1: none). */
  supplementAfter: number;
}

interface Run {
  readonly rnd: () => number;
  readonly arrivalW: number;
  readonly dueW0: number;
  readonly owners: readonly string[];
  readonly applies: readonly boolean[];
  readonly done: boolean[];
  readonly active: (Visit | null)[];
  /** Clock stops on the working line: supplements and excluded steps. */
  readonly stops: [number, number][];
  visits: number;
  remainingSteps: number;
}

const enum Kind {
  Arrive,
  ServiceEnd,
  Resume,
}

interface SimEvent {
  readonly at: number;
  readonly seq: number;
  readonly kind: Kind;
  readonly run: Run | number;
  readonly visit?: Visit;
}

class AgencyState {
  busy = 0;
  readonly waiting: Visit[] = [];
  waitingHead = 0;
  maxWaiting = 0;
  maxInProgress = 0;
  /** Per working day (index on the working line): the most held and the most waiting. */
  readonly dayHeld: number[] = [];
  readonly dayWaiting: number[] = [];
  constructor(readonly capacity: number) {}
  get queued(): number {
    return this.waiting.length - this.waitingHead;
  }
  note(day: number): void {
    const held = this.busy + this.queued;
    const waiting = this.queued;
    if (held > this.maxInProgress) this.maxInProgress = held;
    if (waiting > this.maxWaiting) this.maxWaiting = waiting;
    if ((this.dayHeld[day] ?? 0) < held) this.dayHeld[day] = held;
    if ((this.dayWaiting[day] ?? 0) < waiting) this.dayWaiting[day] = waiting;
  }
}

interface StepTally {
  visits: number;
  late: number;
  delay: number;
  queued: number;
  visitTime: number;
  source: StepBehaviour['source'];
}

const round = (value: number, digits: number) => {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
};

function drawRatio(rnd: () => number, model: DurationModel): number {
  if (model.kind === 'quantiles') return Math.max(0, fromQuantiles(rnd, model.quantiles));
  return model.medianRatio * Math.exp(model.sigma * normal(rnd));
}

/** The steps with their links as indices, in the definition's order. */
function stepInfos(model: SimulationModel): StepInfo[] {
  const steps = model.definition.steps;
  const index = new Map(steps.map((s, i) => [s.id, i]));
  return steps.map((def, i) => ({
    def,
    index: i,
    after: def.after.map((id) => index.get(id)!).filter((n) => n !== undefined),
    next: steps.flatMap((s, j) => (s.after.includes(def.id) ? [j] : [])),
    returnTo: def.canReturnTo?.length ? (index.get(def.canReturnTo[0]!) ?? null) : null,
    budgetMs: model.calendar.budgetMs(def.budget),
    excluded: def.excludedFromLimit === true,
    conditional: def.condition !== undefined,
  }));
}

/** The working time of `stops` (merged) that lies before the position reached from `start` with `amount`. */
function shiftedByStops(start: number, amount: number, stops: readonly [number, number][]): number {
  let end = start + amount;
  const sorted = [...stops].sort((a, b) => a[0] - b[0]);
  let covered = -Infinity;
  for (const [from, to] of sorted) {
    const a = Math.max(from, covered, start);
    if (to <= a) continue;
    if (a >= end) break;
    end += to - a;
    covered = to;
  }
  return end;
}

function stoppedTime(stops: readonly [number, number][], from: number, to: number): number {
  const sorted = [...stops].sort((a, b) => a[0] - b[0]);
  let covered = from;
  let total = 0;
  for (const [a, b] of sorted) {
    const s = Math.max(a, covered);
    const e = Math.min(b, to);
    if (e > s) {
      total += e - s;
      covered = e;
    }
  }
  return total;
}

/**
 * A discrete-event simulation of one procedure on the real working-day calendar (mô phỏng): dossiers
 * arrive on working days (Poisson, by hour of the day), each step is handed to its agency when the steps
 * it waits for are completed (parallel branches at once, joins when all are done), waits while the agency
 * already works on as many dossiers as its capacity allows, takes a time drawn from the agency's history
 * for that kind of step, may pause for a supplement (the clock stops) or hand the dossier back; a step
 * excluded from the limit stops the clock while it runs. Each dossier is judged against its statutory due
 * date moved by its clock stops, each step against its own deadline, as the engine judges them.
 * Deterministic: the same model and seed give the same result; each dossier draws from its own stream,
 * so two versions compared with one seed see the same arrivals and the same luck.
 */
export function simulateProcedure(model: SimulationModel): SimulationResult {
  const run = startSimulation(model);
  run.advance(Infinity);
  return run.result();
}

/** A simulation that runs in slices (a server runs it between other work): `advance` until it says done. */
export interface SimulationRun {
  /** Processes at most `events` events; true when nothing is left. */
  advance(events: number): boolean;
  /** Dossiers that arrived so far, and in all. */
  readonly progress: { readonly arrived: number; readonly total: number };
  result(): SimulationResult;
}

/** The simulation described at simulateProcedure, to be advanced slice by slice. */
export function startSimulation(model: SimulationModel): SimulationRun {
  const calendar = model.calendar;
  const wd = calendar.workingDayMs;
  const steps = stepInfos(model);
  const first = midnightOf(toDayNumber(model.firstDay));
  const axis = new WorkingAxis(calendar, first);
  const heap = new MinHeap<SimEvent>((a, b) => a.at - b.at || a.seq - b.seq);
  let seq = 0;
  const push = (event: Omit<SimEvent, 'seq'>) => heap.push({ ...event, seq: seq++ });

  // Arrivals: working days from the first day, a Poisson number each, at hours drawn by weight.
  const arrivalsRnd = seededRandom(model.seed);
  const hourTotal = model.arrivals.hourly.reduce((a, b) => a + b, 0);
  const arrivals: number[] = [];
  for (let day = first; arrivals.length < model.dossiers; day += DAY_MS) {
    if (!calendar.isWorkingInstant(day + 10 * 3_600_000)) continue;
    const today: number[] = [];
    const n = poisson(arrivalsRnd, model.arrivals.perWorkingDay);
    for (let k = 0; k < n && arrivals.length + today.length < model.dossiers; k += 1) {
      let pick = arrivalsRnd() * hourTotal;
      let hour = 0;
      while (hour < 23 && pick >= model.arrivals.hourly[hour]!) pick -= model.arrivals.hourly[hour++]!;
      today.push(day + (hour + arrivalsRnd()) * 3_600_000);
    }
    arrivals.push(...today.sort((a, b) => a - b));
  }
  arrivals.forEach((at, i) => push({ at: axis.toWorking(at), kind: Kind.Arrive, run: i }));

  const routeTotal = model.routes.reduce((a, r) => a + r.weight, 0);
  const agencies = new Map<string, AgencyState>();
  const agencyOf = (code: string) => {
    let found = agencies.get(code);
    if (!found) {
      const capacity = model.capacity[code];
      found = new AgencyState(capacity !== undefined && capacity > 0 ? capacity : Infinity);
      agencies.set(code, found);
    }
    return found;
  };
  const tallies = new Map<string, StepTally>();
  const behaviours = new Map<string, StepBehaviour>();
  const behaviourOf = (step: number, agency: string) => {
    const key = `${step}\u0000${agency}`;
    let found = behaviours.get(key);
    if (!found) {
      found = model.behaviour(steps[step]!.def.id, agency);
      behaviours.set(key, found);
    }
    return found;
  };
  const conditionRates = steps.map((s) => (s.conditional ? model.conditionRate(s.def.id) : 1));

  const processing: number[] = [];
  let early = 0;
  let onTime = 0;
  let late = 0;
  let supplements = 0;
  let returns = 0;
  let lastResult = 0;

  const dayIndex = (w: number) => Math.floor(w / wd);

  const start = (visit: Visit, at: number, agency: AgencyState, run: Run) => {
    agency.busy += 1;
    visit.queued += at - visit.enqueuedAt;
    const segment =
      visit.supplementAfter >= 0 ? Math.min(visit.supplementAfter, visit.remaining) : visit.remaining;
    push({ at: at + segment, kind: Kind.ServiceEnd, run, visit });
  };

  const enqueue = (visit: Visit, at: number, run: Run) => {
    const agency = agencyOf(visit.agency);
    visit.enqueuedAt = at;
    if (agency.busy < agency.capacity) start(visit, at, agency, run);
    else agency.waiting.push(visit);
    agency.note(dayIndex(at));
  };

  const handOff = (run: Run, step: number, at: number) => {
    const info = steps[step]!;
    if (!run.applies[step]) {
      // A step whose condition does not apply: the steps after it wait for its own predecessors only.
      complete(run, step, at);
      return;
    }
    if (run.visits >= MAX_VISITS_PER_DOSSIER) {
      complete(run, step, at);
      return;
    }
    run.visits += 1;
    const agency = run.owners[step]!;
    const behaviour = behaviourOf(step, agency);
    const service = drawRatio(run.rnd, behaviour.duration) * (info.budgetMs || wd * 0.1);
    const asks = run.rnd() < behaviour.supplementRate;
    const visit: Visit = {
      run,
      step,
      agency,
      handoff: at,
      queued: 0,
      enqueuedAt: at,
      remaining: service,
      supplementAfter: asks ? service * run.rnd() : -1,
    };
    run.active[step] = visit;
    enqueue(visit, at, run);
  };

  const complete = (run: Run, step: number, at: number) => {
    run.done[step] = true;
    run.active[step] = null;
    run.remainingSteps -= 1;
    for (const next of steps[step]!.next) {
      if (run.done[next] || run.active[next]) continue;
      if (steps[next]!.after.every((a) => run.done[a])) handOff(run, next, at);
    }
    if (run.remainingSteps === 0) finish(run, at);
  };

  const finish = (run: Run, at: number) => {
    const due = axis.toInstant(shiftedByStops(run.arrivalW, run.dueW0 - run.arrivalW, run.stops));
    const ready = axis.toInstant(at);
    if (ready > due) late += 1;
    else if (dayNumberOf(ready) < dayNumberOf(due)) early += 1;
    else onTime += 1;
    processing.push((at - run.arrivalW - stoppedTime(run.stops, run.arrivalW, at)) / wd);
    if (ready > lastResult) lastResult = ready;
  };

  const endVisit = (run: Run, visit: Visit, at: number) => {
    const info = steps[visit.step]!;
    const key = `${visit.step}\u0000${visit.agency}`;
    let tally = tallies.get(key);
    if (!tally) {
      tally = {
        visits: 0,
        late: 0,
        delay: 0,
        queued: 0,
        visitTime: 0,
        source: behaviourOf(visit.step, visit.agency).source,
      };
      tallies.set(key, tally);
    }
    tally.visits += 1;
    tally.queued += visit.queued;
    tally.visitTime += at - visit.handoff - stoppedTime(run.stops, visit.handoff, at);
    if (!info.excluded) {
      const deadline = shiftedByStops(visit.handoff, info.budgetMs, run.stops);
      if (at > deadline) {
        tally.late += 1;
        tally.delay += at - deadline;
      }
    } else {
      run.stops.push([visit.handoff, at]);
    }
  };

  let arrived = 0;
  const advance = (events: number): boolean => {
    for (let n = 0; heap.size > 0 && n < events; n += 1) {
      const event = heap.pop()!;
      const at = event.at;
      if (event.kind === Kind.Arrive) {
        arrived += 1;
        const i = event.run as number;
        const rnd = seededRandom(model.seed * 1_000_003 + i + 1);
        let pick = rnd() * routeTotal;
        const route =
          model.routes.find((r) => (pick -= r.weight) < 0) ?? model.routes[model.routes.length - 1];
        const owners = steps.map((s) => route?.owners[s.def.id] ?? ownerLabel(s.def));
        const applies = steps.map((s, n) => !s.conditional || rnd() < conditionRates[n]!);
        const arrival = arrivals[i]!;
        const run: Run = {
          rnd,
          arrivalW: at,
          dueW0: axis.toWorking(model.statutoryDue(arrival)),
          owners,
          applies,
          done: steps.map(() => false),
          active: steps.map(() => null),
          stops: [],
          visits: 0,
          remainingSteps: steps.length,
        };
        for (const s of steps) if (s.after.length === 0) handOff(run, s.index, at);
        continue;
      }
      const run = event.run as Run;
      const visit = event.visit!;
      const agency = agencyOf(visit.agency);
      if (event.kind === Kind.Resume) {
        enqueue(visit, at, run);
        continue;
      }
      // ServiceEnd: the agency is free for the next in its queue.
      agency.busy -= 1;
      if (agency.queued > 0) {
        const next = agency.waiting[agency.waitingHead++]!;
        if (agency.waitingHead > 1024 && agency.waitingHead * 2 > agency.waiting.length) {
          agency.waiting.splice(0, agency.waitingHead);
          agency.waitingHead = 0;
        }
        start(next, at, agency, next.run);
      }
      agency.note(dayIndex(at));
      if (visit.supplementAfter >= 0 && visit.supplementAfter < visit.remaining) {
        // The agency asks the applicant for a supplement: the clock stops until it is brought.
        supplements += 1;
        visit.remaining -= visit.supplementAfter;
        visit.supplementAfter = -1;
        const pause = exponential(run.rnd, model.supplementPauseDays * wd);
        run.stops.push([at, at + pause]);
        push({ at: at + pause, kind: Kind.Resume, run, visit });
        continue;
      }
      const info = steps[visit.step]!;
      const behaviour = behaviourOf(visit.step, visit.agency);
      endVisit(run, visit, at);
      if (info.returnTo !== null && run.visits < MAX_VISITS_PER_DOSSIER && run.rnd() < behaviour.returnRate) {
        // Handed back: the earlier step is visited again, and this one once it is completed again.
        returns += 1;
        run.active[visit.step] = null;
        run.done[info.returnTo] = false;
        run.remainingSteps += 1;
        handOff(run, info.returnTo, at);
        continue;
      }
      complete(run, visit.step, at);
    }

    return heap.size === 0;
  };

  const result = (): SimulationResult => {
    const dossiers = early + onTime + late;
    processing.sort((a, b) => a - b);
    const stepFigures: StepFigures[] = [...tallies.entries()].map(([key, t]) => {
      const [step, agency] = key.split('\u0000') as [string, string];
      const info = steps[Number(step)]!;
      return {
        stepId: info.def.id,
        agency,
        visits: t.visits,
        late: t.late,
        lateShare: info.excluded || t.visits === 0 ? null : round(t.late / t.visits, 4),
        delayWorkingDays: round(t.delay / wd, 2),
        meanQueueWorkingDays: round(t.queued / t.visits / wd, 2),
        meanVisitWorkingDays: round(t.visitTime / t.visits / wd, 2),
        budgetWorkingDays: round(info.budgetMs / wd, 2),
        source: t.source,
      };
    });
    stepFigures.sort(
      (a, b) => b.delayWorkingDays - a.delayWorkingDays || (b.lateShare ?? 0) - (a.lateShare ?? 0),
    );
    const worst = stepFigures.find((s) => s.late > 0);
    const slowest = [...stepFigures]
      .filter((s) => s.budgetWorkingDays > 0)
      .sort(
        (a, b) => b.meanVisitWorkingDays / b.budgetWorkingDays - a.meanVisitWorkingDays / a.budgetWorkingDays,
      )[0];
    const mean = processing.reduce((a, b) => a + b, 0) / Math.max(processing.length, 1);
    return {
      dossiers,
      firstArrival: new Date(arrivals[0] ?? first).toISOString(),
      lastArrival: new Date(arrivals[arrivals.length - 1] ?? first).toISOString(),
      lastResult: new Date(lastResult || first).toISOString(),
      early,
      onTime,
      late,
      onTimeShare: dossiers === 0 ? 0 : round((early + onTime) / dossiers, 4),
      processingWorkingDays: {
        mean: round(mean, 2),
        p50: round(percentileOfSorted(processing, 0.5) ?? 0, 2),
        p90: round(percentileOfSorted(processing, 0.9) ?? 0, 2),
      },
      supplements,
      returns,
      steps: stepFigures,
      lateSteps: stepFigures.filter((s) => s.late > 0),
      queues: [...agencies.entries()]
        .map(([code, a]) => queueOf(code, a, axis, wd))
        .sort((a, b) => a.agency.localeCompare(b.agency)),
      bottleneck: worst
        ? { stepId: worst.stepId, agency: worst.agency, reason: 'delay-past-deadlines' }
        : slowest
          ? { stepId: slowest.stepId, agency: slowest.agency, reason: 'time-per-budget' }
          : null,
    };
  };
  return {
    advance,
    get progress() {
      return { arrived, total: arrivals.length };
    },
    result,
  };
}

/** The label a role-owned step's holder gets when no history names the agency. */
export function ownerLabel(step: StepDefinition): string {
  const owner = step.owner;
  return 'agencyCode' in owner ? owner.agencyCode : `${owner.role}@${owner.of}`;
}

function queueOf(code: string, a: AgencyState, axis: WorkingAxis, wd: number): AgencyQueue {
  const days = Math.max(a.dayHeld.length, a.dayWaiting.length);
  const points: QueuePoint[] = [];
  for (let d = 0; d < days; d += 1) {
    const date = fromDayNumber(dayNumberOf(axis.toInstant(d * wd + 1)));
    points.push({ date, inProgress: a.dayHeld[d] ?? 0, waiting: a.dayWaiting[d] ?? 0 });
  }
  let per: AgencyQueue['per'] = 'working-day';
  let series = points;
  if (points.length > MAX_SERIES_POINTS) {
    per = 'week';
    const weeks = new Map<string, { inProgress: number; waiting: number }>();
    for (const p of points) {
      const day = toDayNumber(p.date);
      const monday = fromDayNumber(day - ((new Date(day * DAY_MS).getUTCDay() + 6) % 7));
      const w = weeks.get(monday) ?? { inProgress: 0, waiting: 0 };
      weeks.set(monday, {
        inProgress: Math.max(w.inProgress, p.inProgress),
        waiting: Math.max(w.waiting, p.waiting),
      });
    }
    series = [...weeks.entries()].map(([date, w]) => ({ date, ...w }));
  }
  return {
    agency: code,
    capacity: Number.isFinite(a.capacity) ? a.capacity : null,
    maxInProgress: a.maxInProgress,
    maxWaiting: a.maxWaiting,
    per,
    series,
  };
}
