/**
 * Dossier read models and queries: projections fed by the event-store subscription (through the
 * projection runner), one folder per use case. The lead wires `dossierProjections()` into the worker
 * and `DOSSIER_QUERY_HANDLERS` into the module.
 */
import type { Projection } from '@lien-thong/projections';
import { controlSlipProjection } from './control-slip/control-slip.projection';
import { GetControlSlipHandler } from './control-slip/get-control-slip.query-handler';
import { GetDossierAsOfHandler } from './dossier-as-of/get-dossier-as-of.query-handler';
import { dossierTimelineProjection } from './dossier-timeline/dossier-timeline.projection';
import { GetDossierTimelineHandler } from './dossier-timeline/get-dossier-timeline.query-handler';
import { dossierListProjection } from './list-dossiers/dossier-list.projection';
import { ListDossiersHandler } from './list-dossiers/list-dossiers.query-handler';
import { publicDossierProjection } from './public-lookup/public-dossier.projection';
import { PublicDossierLookupHandler } from './public-lookup/public-dossier-lookup.query-handler';
import { ListRegisterHandler } from './register/list-register.query-handler';
import { registerProjection } from './register/register.projection';
import { agencyInboxProjection } from './agency-inbox/agency-inbox.projection';
import { ListAgencyInboxHandler } from './agency-inbox/list-agency-inbox.query-handler';

/** Every dossier read model, for the worker's projection runner (and the rebuild command). */
export function dossierProjections(): Projection[] {
  return [
    dossierListProjection(),
    dossierTimelineProjection(),
    controlSlipProjection(),
    registerProjection(),
    publicDossierProjection(),
    agencyInboxProjection(),
  ];
}

export const DOSSIER_QUERY_HANDLERS = [
  ListDossiersHandler,
  GetDossierTimelineHandler,
  GetControlSlipHandler,
  ListRegisterHandler,
  PublicDossierLookupHandler,
  GetDossierAsOfHandler,
  ListAgencyInboxHandler,
];

export {
  ListDossiersHandler,
  GetDossierTimelineHandler,
  GetControlSlipHandler,
  ListRegisterHandler,
  PublicDossierLookupHandler,
  GetDossierAsOfHandler,
  ListAgencyInboxHandler,
};

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

export { STATUS_LABELS, TIMELINESS_LABELS, type Bilingual } from './shared/labels';
