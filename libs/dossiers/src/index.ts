export * from './domain/index';
export {
  DefaultDossierCodeFormat,
  defaultDossierCodeFormat,
  type DossierCodeFormat,
  type DossierCodeParts,
} from './codes/dossier-code-format';
export { DOSSIER_SEQUENCE, type DossierSequence } from './codes/dossier-sequence.port';
export { DossierCodeIssuer } from './codes/dossier-code-issuer';
export { InMemoryDossierSequence } from './codes/in-memory-dossier-sequence';
export { PostgresDossierSequence } from './codes/postgres-dossier-sequence';
export { dossierCodeMigrations } from './codes/postgres-dossier-sequence.migrations';
export { DossiersModule } from './dossiers.module';
export {
  DossierCommandService,
  SUPPLEMENT_WINDOW,
  APOLOGY_NOTICE_WORKING_DAYS,
} from './application/dossier-command.service';
export type { DossierAction, DossierActionType, ActionContext, ActionResult } from './domain/dossier-actions';
export { RunDossierAction } from './commands/dossier-actions/dossier-action.command';
export { BoundProcedures, type BoundProcedure } from './application/bound-procedures';
export { DossierCalendar, workingDaysBefore } from './application/dossier-calendar';
export {
  resolveRouting,
  applicableSteps,
  evaluateCondition,
  type RoutingContext,
} from './application/routing';
export { vietnamIso } from './application/instants';
export { PublicLookupMisses, lookupMissLimit } from './application/public-lookup-misses';
export {
  ReceiveDossierCommand,
  RequestSupplementAtIntakeCommand,
  RefuseAtIntakeCommand,
  type ReceiptView,
  type IntakeOutcomeView,
  type IntakeInput,
  type AcceptIntakeInput,
} from './commands/receive-dossier/intake.commands';
export * from './queries/index';
export { renderEventCatalogueMarkdown, EVENT_PHASES } from './catalogue/events-markdown';
export { DossierForms, type FormFormat, type RenderedForm } from './forms/dossier-forms.service';
export { FORM_NUMBERS, type FormNumber, type FormLanguage, type FormDocument } from './forms/form-document';
export { buildForm, buildControlSlipForm, buildRegisterForm, formatInstant } from './forms/form-builders';
export { renderFormHtml } from './forms/form-html';
export { renderFormPdf } from './forms/form-pdf';
