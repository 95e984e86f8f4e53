import { Module } from '@nestjs/common';
import { DossiersModule } from '@lien-thong/dossiers';
import { ReportsHttpController } from './reports.http.controller';

/**
 * The reports' HTTP side (issue 19). The read models are kept by the worker's projection runner
 * (`reportProjections(deps)`, with the units' calendars and the procedure versions).
 */
@Module({ imports: [DossiersModule], controllers: [ReportsHttpController] })
export class ReportsModule {}
