import { Module } from '@nestjs/common';
import { ReportSummaryHttpController } from './summary/report-summary.http.controller';

/**
 * The reports' HTTP side (issue 19). The read models are kept by the worker's projection runner
 * (`reportProjections(deps)`, with the units' calendars and the procedure versions).
 */
@Module({ controllers: [ReportSummaryHttpController] })
export class ReportsModule {}
