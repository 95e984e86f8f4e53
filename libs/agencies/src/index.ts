export {
  agencyCodeProblems,
  isAgencyCode,
  AGENCY_CODE_PATTERN,
  type CodeProblem,
} from './domain/agency-code';
export {
  AGENCY_DIRECTORY,
  StaticAgencyDirectory,
  type AgencyDirectory,
  type AgencyRetirement,
  type DirectorySnapshot,
  type AgencySummary,
  type AgencyLevel,
} from './domain/agency-directory';
export {
  AGENCY_EVENT_TYPES,
  AGENCY_EVENT_SCHEMA_VERSION,
  agencyStream,
  type AgencyEvent,
  type AgencyProfile,
} from './domain/agency-events';
export {
  decideAgency,
  evolveAgency,
  initialAgencyState,
  type AgencyCommand,
  type AgencyState,
} from './domain/agency-decider';
export { validateAgencyImport } from './domain/agency-import';
export { ImportAgencies, type ImportAgenciesResult } from './commands/import-agencies.command';
export { HCMC_SEED_AGENCIES } from './seed/seed-agencies';
export { AgenciesModule } from './agencies.module';
export { DeactivateAgency, ReissueAgencyCode } from './commands/agency-lifecycle.commands';
export {
  AgencyRetirements,
  type AgencyCodeRetired,
  type AgencyRetirementListener,
} from './agency-retirements';
export {
  AGENCY_ERROR_CODES,
  agencyError,
  agencyNotFound,
  type AgencyErrorCode,
} from './domain/agency-errors';
