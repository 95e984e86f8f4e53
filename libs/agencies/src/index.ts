export {
  agencyCodeProblems,
  isAgencyCode,
  AGENCY_CODE_PATTERN,
  type CodeProblem,
} from './domain/agency-code';
