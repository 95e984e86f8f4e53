export { CoordinationModule } from './coordination.module';
export { planCoordination, type CoordinationPlan, type PlannedAction } from './domain/coordination-plan';
export {
  DEFAULT_NOTICE_OPTIONS,
  noticeOptionsFromEnv,
  planNotices,
  type CoordinationNoticeOptions,
} from './domain/coordination-notices';
export {
  COORDINATION_ACTIVITY_OPTIONS,
  DossierCoordinationActivities,
  coordinationActivityFunctions,
  type CoordinationActivityOptions,
} from './activities/dossier-coordination.activities';
export { coordinationProcessManagers } from './coordination.process-managers';
export {
  COORDINATION_ACTOR,
  COORDINATION_PROCESS_MANAGER,
  COORDINATION_TRIGGERS,
  dossierCoordinationProcessManager,
} from './process-managers/dossier-coordination.process-manager';
export {
  CALENDAR_COORDINATION_PROCESS_MANAGER,
  calendarCoordinationProcessManager,
} from './process-managers/calendar-coordination.process-manager';
export { CALENDAR_ACTOR, DeadlineRecomputer } from './process-managers/deadline-recomputer';
export {
  STRANDED_DOSSIERS_TABLE,
  StrandedDossiers,
  strandedDossiersMigrations,
  type ListedStrandedDossier,
  type StrandedDossier,
} from './stranded/stranded-dossiers.store';
export {
  ensureDossierSearchAttributes,
  searchAttributesSetting,
} from './activities/dossier-search-attributes';
