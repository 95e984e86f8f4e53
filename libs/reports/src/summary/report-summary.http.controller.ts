import { Controller, Get, Inject, Query as QueryParam } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Pool } from 'pg';
import { Allow, CurrentPrincipal, requirePrincipal, type Principal } from '@lien-thong/access';
import { CLOCK, type Clock } from '@lien-thong/contracts';
import { PG_POOL } from '@lien-thong/postgres';
import { parseReportQuery } from '../domain/report-query';
import { reportScope } from './report-scope';
import { summaryReport, type SummaryReport } from './report-summary';

/** The reports (issue 19): figures over the analytical read models, for the people the reform measures. */
@ApiTags('reports')
@Controller()
export class ReportSummaryHttpController {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Allow('reception-officer', 'agency-officer', 'agency-head', 'auditor', 'administrator')
  @Get('reports/summary')
  @ApiOperation({
    summary:
      'Received, finished early / on time / late with shares, in progress on time / overdue, processing time in working days (average, p90), online and same-day shares; per group (docs/reports.md#summary)',
  })
  @ApiQuery({ name: 'from', required: true, description: 'First day, YYYY-MM-DD (Vietnam time)' })
  @ApiQuery({ name: 'to', required: true, description: 'Last day, YYYY-MM-DD (inclusive; at most 5 years)' })
  @ApiQuery({ name: 'unit', required: false, description: 'Receiving units, comma-separated' })
  @ApiQuery({ name: 'agency', required: false, description: 'Agencies that took part, comma-separated' })
  @ApiQuery({ name: 'procedure', required: false })
  @ApiQuery({ name: 'field', required: false, description: 'Lĩnh vực' })
  @ApiQuery({
    name: 'channel',
    required: false,
    description: 'counter, post, online, national-portal, other',
  })
  @ApiQuery({
    name: 'groupBy',
    required: false,
    description: 'unit, agency, procedure, field, channel, and one of month, quarter, year; comma-separated',
  })
  summary(
    @QueryParam() q: Record<string, string | undefined>,
    @CurrentPrincipal() who?: Principal,
  ): Promise<SummaryReport> {
    const query = parseReportQuery(q);
    const scope = reportScope(requirePrincipal(who), query);
    return summaryReport(this.pool, query, scope, this.clock.now().getTime());
  }
}
