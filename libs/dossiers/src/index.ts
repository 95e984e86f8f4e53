export * from './domain/index';
export {
  DefaultDossierCodeFormat,
  defaultDossierCodeFormat,
  type DossierCodeFormat,
  type DossierCodeParts,
} from './codes/dossier-code-format';
export { registerNumberOf, type RegisterNumber } from './codes/register-number';
export { DOSSIER_SEQUENCE, type DossierSequence } from './codes/dossier-sequence.port';
export { DossierCodeIssuer } from './codes/dossier-code-issuer';
export { InMemoryDossierSequence } from './codes/in-memory-dossier-sequence';
export { PostgresDossierSequence } from './codes/postgres-dossier-sequence';
export { dossierCodeMigrations } from './codes/postgres-dossier-sequence.migrations';
export { DossiersModule } from './dossiers.module';
export { DossierCommandService, foldRecorded } from './application/dossier-command.service';
export type { DossierAction, DossierActionType, ActionContext, ActionResult } from './domain/dossier-actions';
export { RunDossierAction } from './commands/dossier-actions/dossier-action.command';
export { BoundProcedures, type BoundProcedure } from './application/bound-procedures';
export {
  DossierCalendar,
  type UnitCalendars,
  noticeDeadline,
  statutoryDueAt,
  workingDaysBefore,
} from './application/dossier-calendar';
export {
  resolveRouting,
  applicableSteps,
  evaluateCondition,
  type RoutingContext,
} from './application/routing';
export { vietnamIso } from './application/instants';
export {
  lookupKeyFrom,
  lookupKeyDigest,
  matchesLookupKey,
  normalizeLookupKey,
} from './application/lookup-key';
export {
  ReceiveDossierCommand,
  RequestSupplementAtIntakeCommand,
  RefuseAtIntakeCommand,
  type ReceiptView,
  type IntakeOutcomeView,
  type IntakeInput,
  type AcceptIntakeInput,
} from './commands/receive-dossier/intake.commands';
export {
  ApplicantDto,
  DocumentDto,
  SupplementItemDto,
  IntakeSupplementBodyDto,
  IntakeRefusalBodyDto,
  supplementItemOf,
  applicantDetailsOf,
} from './commands/receive-dossier/intake.request.dto';
export { DossierIntakes, type BoundIntake } from './application/dossier-intakes';
