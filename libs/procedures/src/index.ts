export {
  RULE_SET_VERSIONS,
  INTAKE_CHANNELS,
  STEP_KINDS,
  isAgencyOwner,
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
