import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { PersonalDataModule } from '@lien-thong/personal-data';
import { FilesModule } from '@lien-thong/files';
import { DossierFilesHttpController } from './dossier-files/dossier-files.http.controller';
import { AgencyInboxHttpController } from './agency-inbox/agency-inbox.http.controller';
import { InboxChanges } from './agency-inbox/inbox-changes';
import { ControlSlipHttpController } from './control-slip/control-slip.http.controller';
import { DossierAsOfHttpController } from './dossier-as-of/dossier-as-of.http.controller';
import { DossierRecordHttpController } from './dossier-record/dossier-record.http.controller';
import { DossierTimelineHttpController } from './dossier-timeline/dossier-timeline.http.controller';
import { DOSSIER_QUERY_HANDLERS } from './read-models';
import { ListDossiersHttpController } from './list-dossiers/list-dossiers.http.controller';
import { PublicLookupHttpController } from './public-lookup/public-lookup.http.controller';
import { PublicLookupMisses } from './public-lookup/public-lookup-misses';
import { RegisterHttpController } from './register/register.http.controller';
import { DossierAccess } from './shared/dossier-access.service';

/**
 * Tracing a dossier through HTTP (officials, inspectors, the applicant): its record, the list, the
 * timeline, the control slip (form 06 data), the register (form 07 data), time travel, an agency's
 * inbox and the public lookup. The read models are kept by the worker's projection runner.
 */
@Module({
  imports: [CqrsModule, PersonalDataModule, FilesModule],
  controllers: [
    DossierRecordHttpController,
    ListDossiersHttpController,
    AgencyInboxHttpController,
    DossierTimelineHttpController,
    ControlSlipHttpController,
    DossierAsOfHttpController,
    RegisterHttpController,
    PublicLookupHttpController,
    DossierFilesHttpController,
  ],
  providers: [...DOSSIER_QUERY_HANDLERS, DossierAccess, PublicLookupMisses, InboxChanges],
  exports: [DossierAccess],
})
export class DossierTracingModule {}
