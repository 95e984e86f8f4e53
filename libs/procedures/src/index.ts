export {
  RULE_SET_VERSIONS,
  INTAKE_CHANNELS,
  STEP_KINDS,
  isAgencyOwner,
  apologyNoticeOf,
  supplementWindowOf,
  DEFAULT_APOLOGY_NOTICE,
  DEFAULT_SUPPLEMENT_WINDOW,
  countedLimit,
  type ProcedureDefinition,
  type StepDefinition,
  type StepOwner,
  type StepCondition,
  type StepKind,
  type StatutoryLimit,
  type RequiredDocument,
  type IntakeChannel,
  type RuleSetVersion,
  type LocalizedName,
} from './domain/procedure-definition';
export {
  validateProcedureDefinition,
  type ValidationContext,
  type ValidationResult,
} from './domain/procedure-validation';
export {
  decideProcedure,
  evolveProcedure,
  initialProcedureState,
  type ProcedureCommand,
  type ProcedureState,
  type PublishedVersion,
} from './domain/procedure-decider';
export {
  PROCEDURE_EVENT_TYPES,
  PROCEDURE_EVENT_SCHEMA_VERSION,
  procedureStream,
  type ProcedureEvent,
} from './domain/procedure-events';
export { diffDefinitions, type DefinitionChange } from './domain/procedure-diff';
export { stableJson } from './domain/stable-json';
export { ProceduresModule } from './procedures.module';
export { SEED_PROCEDURES, TEST_PROCEDURES } from './seed/seed-procedures';
export { renderProcedureSvg } from './rendering/procedure-svg';
export { exportProcedureBpmn } from './rendering/procedure-bpmn';
export { GetProcedure, GetProcedureVersion, type ProcedureView } from './queries/procedure-design.queries';
export { CreateProcedureDraft, PublishProcedureVersion } from './commands/design-procedure.commands';
export { ListProcedures, type CatalogueEntry } from './queries/procedure-catalogue';
