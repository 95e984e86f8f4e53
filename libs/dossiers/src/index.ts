export {
  DOSSIER_EVENT_TYPES,
  dossierStream,
  type DossierEvent,
  type DossierEventType,
  type IntakeChannel,
  type ProcedureRef,
  type StepOutcome,
} from './domain/dossier-events';
export {
  decideDossier,
  evolveDossier,
  initialDossierState,
  type DossierCommand,
  type DossierState,
  type DossierStatus,
  type ActiveStep,
  type ProcedureSnapshot,
} from './domain/dossier-decider';
