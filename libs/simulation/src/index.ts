export { SimulationModule } from './simulation.module';
export { SIMULATION_ERROR_CODES, simulationError, type SimulationErrorCode } from './simulation.errors';
export {
  simulateProcedure,
  startSimulation,
  ownerLabel,
  type SimulationResult,
  type SimulationRun,
  type StepFigures as SimulatedStepFigures,
  type AgencyQueue,
} from './domain/procedure-simulation';
export type { SimulationModel, DurationModel, StepBehaviour, OwnerRoute } from './domain/simulation-model';
export {
  modelFromHistory,
  mergeQuantiles,
  type Assumption,
  type HistoryInput,
} from './domain/model-from-history';
export { seededRandom } from './domain/seeded-random';
export {
  parseSimulationRequest,
  parseWhatIfRequest,
  MAX_SIMULATED_DOSSIERS,
  type SimulationRequest,
  type WhatIfRequest,
} from './domain/simulation-request';
export {
  judgeRecordedDossier,
  compareJudgements,
  type ReplayFacts,
  type WhatIfChange,
} from './what-if/what-if-replay';
export { applyCalendarChange, type CalendarChange } from './what-if/calendar-change';
export { planCapacity, type CapacityPlan } from './simulate/capacity-plan';
export { ProcedureSimulationService, type SimulationResponse } from './simulate/procedure-simulation.service';
export { WhatIfService, type WhatIfLine, type WhatIfTotals } from './what-if/what-if.service';
export {
  EarlyWarningAssessor,
  EarlyWarningLoop,
  earlyWarningOptionsFromEnv,
  DEFAULT_EARLY_WARNING,
  EARLY_WARNING_ACTOR,
  type EarlyWarningOptions,
} from './early-warning/early-warning.assessor';
export { latenessProbability, cdfFromQuantiles } from './domain/lateness-risk';
