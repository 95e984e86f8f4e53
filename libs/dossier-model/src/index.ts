/**
 * The dossier's published language: what is recorded (the event types, their data and schema versions,
 * the stream names), what it means (the state folded from the events, timeliness), and the event
 * catalogue that documents it (docs/events.md). Pure: no Nest, no database. The write side
 * (libs/dossiers) decides which events to record; the read models, coordination and the agency
 * notifications read them.
 */
export {
  RULE_SET_VERSIONS,
  INTAKE_CHANNELS,
  RESULT_CHANNELS,
  DEFAULT_MAX_REAPPOINTMENTS,
  DOCUMENT_COPY_KINDS,
  isWithinDayLimit,
  type RuleSetVersion,
  type StatutoryLimitSnapshot,
  type DocumentCopyKind,
  type IntakeChannel,
  type ResultChannel,
  type SupplementPolicy,
  type Timeliness,
  type ProcedureSnapshot,
  type StepSnapshot,
  type RequiredDocumentSnapshot,
} from './dossier-snapshot';

export {
  DOSSIER_EVENT_TYPES,
  DOSSIER_EVENT_TYPE_LIST,
  DOSSIER_EVENT_SCHEMA_VERSION,
  DOSSIER_EVENT_SCHEMA_VERSIONS,
  DOSSIER_STREAM_CATEGORIES,
  isDossierEventType,
  dossierStream,
  intakeStream,
  type DossierEvent,
  type DossierEventType,
  type DossierEventData,
  type ProcedureRef,
  type RoutedStep,
  type DossierRouting,
  type ReceivedDocument,
  type SupplementItem,
  type AttachmentMetadata,
  type StepDeadline,
  type DossierReceivedData,
  type DossierSupplementRequestedAtIntakeData,
  type DossierRefusedAtIntakeData,
  type DossierTransferredData,
  type StepHandedOffData,
  type StepReceivedData,
  type StepCompletedData,
  type StepReturnedData,
  type SupplementRequestedData,
  type SupplementReceivedData,
  type ExcludedPhaseStartedData,
  type ExcludedPhaseEndedData,
  type StepOverdueData,
  type StepReminderSentData,
  type StepLatenessWarnedData,
  type LatenessBasis,
  type ApologyRequestedData,
  type DeadlinesRecomputedData,
  type DeadlinesRecomputedCause,
  type InstantChange,
  type ApologyIssuedData,
  type DossierEscalatedData,
  escalationRecipients,
  type ProcessingStoppedData,
  type DossierWithdrawnData,
  type ResultReadyData,
  type ResultReturnedData,
  type SatisfactionRatedData,
  type ApplicantDataErasedData,
  type ApplicantNoticeKind,
  APPLICANT_NOTICE_KINDS,
  type ApplicantNoticeChannel,
  type ApplicantNoticeCause,
  type ApplicantNotifiedData,
  type ApplicantNoticeNotSentReason,
  type ApplicantNoticeNotSentData,
} from './dossier-events';

export {
  CLOSED_STATUSES,
  initialDossierState,
  evolveDossier,
  foldDossier,
  participantsNamedBy,
  applicantNoticeKey,
  clockExclusions,
  isClockPaused,
  type DossierState,
  type DossierStatus,
  type ActiveStep,
  type CompletedStep,
  type ClockStop,
  type OverdueRecord,
} from './dossier-state';

export {
  classifyTimeliness,
  instantMs,
  completionJudgement,
  previousStepJudgement,
  vietnamDateOf,
  resolvedWithinDay,
  type StepJudgement,
} from './timeliness';

export {
  RULE_SETS,
  FORM_KINDS,
  ruleSetAt,
  ruleSetOf,
  type RuleSet,
  type FormKind,
  type PrescribedForm,
  type LegalInstrument,
} from './rule-sets';

export {
  dossierEventCatalogue,
  type DossierEventCatalogueEntry,
  type CatalogueField,
} from './dossier-event-catalogue';

export { renderEventCatalogueMarkdown, EVENT_PHASES } from './events-markdown';
