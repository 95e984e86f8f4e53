import type { WorkingTimeCalendar } from '@lien-thong/calendar';
import type { ProcedureDefinition, StepDefinition } from '@lien-thong/procedures';
import type { DurationModel, SimulationModel, StepBehaviour } from '../domain/simulation-model';

const days = (amount: number) => ({ unit: 'workingDays', amount }) as const;

function step(
  id: string,
  agencyCode: string,
  budget: number,
  after: string[],
  extra: Partial<StepDefinition> = {},
): StepDefinition {
  return {
    id,
    name: { vi: id },
    kind: 'process',
    owner: { agencyCode },
    budget: days(budget),
    after,
    ...extra,
  };
}

/**
 * A six-step land procedure with two parallel branches (the benchmark's and the tests'): the registry
 * appraises, then tax and the survey office work at once, the province signs when both are done, then
 * the registry updates the record and the desk returns the result. 10 working days in all.
 */
export const SIX_STEP_PROCEDURE: ProcedureDefinition = {
  code: '9.000001',
  name: { vi: 'Thủ tục thử nghiệm sáu bước', en: 'Six-step test procedure' },
  field: 'Đất đai',
  ruleSet: 'decree-118-2025',
  statutoryLimit: days(10),
  countingRule: 'civil-code',
  requiredDocuments: [],
  intakeChannels: ['counter', 'online'],
  supplementPolicy: 'pause',
  maxReappointments: 1,
  steps: [
    step('appraise', 'A', 3, []),
    step('tax', 'B', 1, ['appraise']),
    step('survey', 'C', 2, ['appraise'], { canReturnTo: ['appraise'] }),
    step('sign', 'D', 2, ['tax', 'survey']),
    step('update', 'A', 1, ['sign']),
    { ...step('return-result', 'E', 1, ['update']), kind: 'return-result' },
  ],
};

/** A model with one behaviour for every step and agency. */
export function fixedModel(
  calendar: WorkingTimeCalendar,
  statutoryDue: SimulationModel['statutoryDue'],
  overrides: Partial<SimulationModel> & {
    duration?: DurationModel;
    behaviour?: SimulationModel['behaviour'];
  } = {},
): SimulationModel {
  const behaviour: StepBehaviour = {
    duration: overrides.duration ?? { kind: 'quantiles', quantiles: [0.5, 0.5], visits: 1 },
    supplementRate: 0,
    returnRate: 0,
    source: 'history',
  };
  return {
    definition: SIX_STEP_PROCEDURE,
    calendar,
    statutoryDue,
    firstDay: '2025-03-03',
    dossiers: 200,
    arrivals: { perWorkingDay: 10, hourly: Array.from({ length: 24 }, (_, h) => (h >= 8 && h < 11 ? 1 : 0)) },
    seed: 7,
    routes: [],
    behaviour: () => behaviour,
    conditionRate: () => 1,
    capacity: {},
    supplementPauseDays: 2,
    ...overrides,
  };
}
