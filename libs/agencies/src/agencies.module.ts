import { Global, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AgenciesHttpController } from './agencies.http.controller';
import { ImportAgenciesHandler } from './commands/import-agencies.command';
import { DeactivateAgencyHandler, ReissueAgencyCodeHandler } from './commands/agency-lifecycle.commands';
import { AGENCY_DIRECTORY } from './domain/agency-directory';
import { EventSourcedAgencyDirectory } from './event-sourced-agency-directory';
import { AgencyRetirements } from './agency-retirements';

@Global()
@Module({
  imports: [CqrsModule],
  controllers: [AgenciesHttpController],
  providers: [
    { provide: AGENCY_DIRECTORY, useClass: EventSourcedAgencyDirectory },
    ImportAgenciesHandler,
    DeactivateAgencyHandler,
    ReissueAgencyCodeHandler,
    AgencyRetirements,
  ],
  exports: [AGENCY_DIRECTORY, AgencyRetirements],
})
export class AgenciesModule {}
