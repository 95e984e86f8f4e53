/**
 * Tracing a dossier: the read models (projections fed by the event-store subscription through the
 * projection runner) and the queries and HTTP endpoints over them, one folder per use case with its
 * projection, query, handler, DTO and controller. The worker runs `dossierProjections()`; the API
 * imports `DossierTracingModule`.
 */
export { dossierProjections, DOSSIER_QUERY_HANDLERS } from './read-models';

export {
  ListDossiersHandler,
  GetDossierTimelineHandler,
  GetControlSlipHandler,
  ListRegisterHandler,
  PublicDossierLookupHandler,
  GetDossierAsOfHandler,
  ListAgencyInboxHandler,
} from './read-models';

export { ListAgencyInbox, type AgencyInboxCriteria } from './agency-inbox/list-agency-inbox.query';
export type { AgencyInboxItem, AgencyInboxPage } from './agency-inbox/agency-inbox.response.dto';
export { AGENCY_INBOX_PROJECTION } from './agency-inbox/agency-inbox.projection';

export { ListDossiers, type ListDossiersCriteria } from './list-dossiers/list-dossiers.query';
export { MAX_LIST_LIMIT, DEFAULT_LIST_LIMIT } from './list-dossiers/list-dossiers.criteria';
export type { DossierListItem, DossierListPage } from './list-dossiers/list-dossiers.response.dto';
export type { StepHolder, OverdueStep } from './list-dossiers/dossier-list.row';
export { DOSSIER_LIST_PROJECTION } from './list-dossiers/dossier-list.projection';

export { GetDossierTimeline } from './dossier-timeline/get-dossier-timeline.query';
export type {
  DossierTimeline,
  DossierTimelineEntry,
  TimelineActor,
} from './dossier-timeline/dossier-timeline.response.dto';
export { summarizeDossierEvent } from './dossier-timeline/event-summary';
export { DOSSIER_TIMELINE_PROJECTION } from './dossier-timeline/dossier-timeline.projection';

export { GetControlSlip } from './control-slip/get-control-slip.query';
export type {
  ControlSlip,
  ControlSlipHeader,
  ControlSlipRow,
  ControlSlipNote,
  ControlSlipNoteKind,
} from './control-slip/control-slip.response.dto';
export { CONTROL_SLIP_PROJECTION } from './control-slip/control-slip.projection';

export { ListRegister, type ListRegisterCriteria } from './register/list-register.query';
export type { RegisterEntry, RegisterNote, RegisterPage } from './register/register.response.dto';
export { REGISTER_PROJECTION } from './register/register.projection';

export { PublicDossierLookup } from './public-lookup/public-dossier-lookup.query';
export type { PublicDossierStatus } from './public-lookup/public-dossier-lookup.response.dto';
export type { PublicStepDone, PublicStepHolder } from './public-lookup/public-dossier.doc';
export { PUBLIC_DOSSIER_PROJECTION } from './public-lookup/public-dossier.projection';

export { GetDossierAsOf } from './dossier-as-of/get-dossier-as-of.query';
export type { DossierAsOfView } from './dossier-as-of/dossier-as-of.response.dto';
export { dossierAsOf, checkAsOf, type AsOf, type DossierAsOfResult } from './dossier-as-of/dossier-as-of';

export {
  STATUS_LABELS,
  TIMELINESS_LABELS,
  STEP_JUDGEMENT_LABELS,
  INTAKE_CHANNEL_LABELS,
  RESULT_CHANNEL_LABELS,
  type Bilingual,
} from './shared/labels';
export { evolveControlSlip } from './control-slip/control-slip.doc';
export { DossierAccess, unitMismatch } from './shared/dossier-access.service';
export { PublicLookupMisses, lookupMissLimit } from './public-lookup/public-lookup-misses';
export type { RegisterLine, RegisterView } from './register/register.http.controller';
export { DossierTracingModule } from './dossier-tracing.module';
