/** The read models' projections (for the worker) and query handlers (for the module), in one place. */
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
