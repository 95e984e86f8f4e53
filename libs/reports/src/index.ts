export { ReportsModule } from './reports.module';
export { REPORT_READERS } from './reports.http.controller';
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
export { summaryReport, type SummaryReport, type SummaryFigures } from './summary/report-summary';
export { WORKING_DAY_MS } from './shared/report-sql';
export { reportScope, type ReportScope } from './summary/report-scope';
export { reportFactsDepsFrom } from './report-facts-deps';
export {
  lateReport,
  lateDossiers,
  type LateReport,
  type LateDossier,
  type ApologyStatus,
} from './late/report-late';
export { stepsReport, type StepsReport, type StepFigures } from './steps/report-steps';
export { sameDayReport, type SameDayReport, type SameDayGroup } from './same-day/report-same-day';
export {
  backlogReport,
  type BacklogReport,
  type BacklogItem,
  type BacklogHolder,
} from './backlog/report-backlog';
export { scorecardReport, type ScorecardReport, type AgencyScore } from './scorecard/report-scorecard';
export { SCORECARD_CONFIGS, scorecardConfigFor, type ScorecardConfig } from './scorecard/scorecard-config';
export { reportChart, CHARTS, type ChartName, type ChartLanguage } from './charts/report-charts';
export { refreshDirtyMonths, rollupCover, HISTOGRAM_RATIO } from './rollups/report-rollups';
export { ReportRollupRefresher } from './rollups/rollup-refresher';
export {
  readStepHistory,
  type StepHistory,
  type StepHistoryGroup,
  type ProcedureHistory,
} from './history/step-history';
export {
  earlyWarningReport,
  warnedAhead,
  type EarlyWarningReport,
  type EarlyWarningFigures,
} from './early-warnings/report-early-warnings';
export { dossierConditions, SqlParams } from './shared/report-sql';
