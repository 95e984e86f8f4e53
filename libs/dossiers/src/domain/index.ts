/**
 * The pure part of the dossiers context: no Nest, no database, no Node built-ins. Safe for Temporal
 * workflow code, which may import `libs/<context>/src/domain/` (see .dependency-cruiser.cjs).
 */
export {
  MAX_SATISFACTION_COMMENT_LENGTH,
  EXCLUDED_STEP_PHASE_PREFIX,
  type DossierCommand,
  type DossierCommandType,
  type ReceivedDocumentInput,
  type ReceiveDossier,
  type RequestSupplementAtIntake,
  type RefuseAtIntake,
  type Transfer,
  type HandOffStep,
  type ReceiveStep,
  type CompleteStep,
  type ReturnStep,
  type RequestSupplement,
  type ReceiveSupplement,
  type StartExcludedPhase,
  type EndExcludedPhase,
  type MarkStepOverdue,
  type IssueApology,
  type Escalate,
  type StopProcessing,
  type Withdraw,
  type MarkResultReady,
  type ReturnResult,
  type RateSatisfaction,
  type EraseApplicantData,
  type RecordApplicantNotice,
} from './dossier-commands';
export { decideDossier, dossierDecider } from './decider/dossier.decider';
export { assertChannelAllowed } from './decider/intake.decider';
export { assertPhaseIdForPeople } from './decider/clock.decider';
export {
  DOSSIER_ERROR_CODES,
  dossierError,
  dossierNotFound,
  intakeNotFound,
  isInstant,
  type DossierErrorCode,
} from './dossier-errors';
export type { DossierAction, DossierActionType, ActionContext, ActionResult } from './dossier-actions';
export {
  assertMayAct,
  assertMayRead,
  isProvinceWide,
  relationOf,
  type DossierCaller,
  type DossierRead,
  type DossierRelation,
} from './dossier-access';
