import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { DESIGN_COMMAND_HANDLERS } from './commands/design-procedure.command-handlers';
import { ProceduresHttpController } from './procedures.http.controller';
import { DESIGN_QUERY_HANDLERS } from './queries/procedure-design.queries';
import { ProcedureCatalogueSeeder } from './seed/procedure-catalogue.seeder';
import { ListProceduresHandler, ProcedureCatalogue } from './queries/procedure-catalogue';

@Module({
  imports: [CqrsModule],
  controllers: [ProceduresHttpController],
  providers: [
    ...DESIGN_COMMAND_HANDLERS,
    ...DESIGN_QUERY_HANDLERS,
    ProcedureCatalogueSeeder,
    ProcedureCatalogue,
    ListProceduresHandler,
  ],
})
export class ProceduresModule {}
