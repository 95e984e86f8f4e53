export { ReportsModule } from './reports.module';
export { reportProjections } from './reports.projections';
export { REPORT_ERROR_CODES, reportError, type ReportErrorCode } from './reports.errors';
export {
  REPORT_FACTS_PROJECTION,
  reportFactsProjection,
  type ReportFactsDeps,
} from './projection/report-facts.projection';
export { evolveReportFacts, type ReportDossierFacts, type StepVisitFacts } from './domain/report-facts';
export { reportRows, type ReportDossierRow, type ReportStepVisitRow } from './domain/report-rows';
export {
  parseReportQuery,
  reportBuckets,
  periodBounds,
  REPORT_DIMENSIONS,
  REPORT_TIME_GRAINS,
  type ReportQuery,
} from './domain/report-query';
export {
  summaryReport,
  WORKING_DAY_MS,
  type SummaryReport,
  type SummaryFigures,
} from './summary/report-summary';
export { reportScope, type ReportScope } from './summary/report-scope';
export { reportFactsDepsFrom } from './report-facts-deps';
