import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { DossiersModule } from '@lien-thong/dossiers';
import { DossierTracingModule } from '@lien-thong/dossier-tracing';
import { PersonalDataModule } from '@lien-thong/personal-data';
import { DossierFormsHttpController } from './dossier-forms.http.controller';
import { DossierForms } from './dossier-forms.service';

/** The official forms 01 to 07 of a dossier, an intake or a period, rendered from the record as HTML or PDF. */
@Module({
  imports: [CqrsModule, DossiersModule, DossierTracingModule, PersonalDataModule],
  controllers: [DossierFormsHttpController],
  providers: [DossierForms],
  exports: [DossierForms],
})
export class DossierFormsModule {}
