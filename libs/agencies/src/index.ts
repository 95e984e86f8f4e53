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
  type AgencySummary,
  type AgencyLevel,
} from './domain/agency-directory';
export { HCMC_SEED_AGENCIES } from './seed/seed-agencies';
export { AgenciesModule } from './agencies.module';
