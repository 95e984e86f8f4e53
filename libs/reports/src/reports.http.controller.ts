import { Controller, Get, Inject, Param, Query as QueryParam, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Pool } from 'pg';
import { Allow, CurrentPrincipal, Public, requirePrincipal, type Principal } from '@lien-thong/access';
import { CLOCK, type Clock } from '@lien-thong/contracts';
import { DossierCalendar } from '@lien-thong/dossiers';
import { PG_POOL } from '@lien-thong/postgres';
import { vietnamDateOf } from '@lien-thong/dossier-model';
import { backlogReport, type BacklogReport } from './backlog/report-backlog';
import { parseReportQuery, periodBounds, type ReportQuery } from './domain/report-query';
import { lateDossiers, lateReport, type LateReport } from './late/report-late';
import { reportError } from './reports.errors';
import { sameDayReport, type SameDayReport } from './same-day/report-same-day';
import { stepsReport, type StepsReport } from './steps/report-steps';
import { earlyWarningReport, type EarlyWarningReport } from './early-warnings/report-early-warnings';
import { reportScope } from './summary/report-scope';
import { writeCsv, writeXlsx } from './export/report-export';
import { CHARTS, reportChart, type ChartName } from './charts/report-charts';
import type { ExportLanguage, ReportTable } from './export/report-table';
import {
  backlogTable,
  lateExportTable,
  sameDayTable,
  scorecardTable,
  stepsTable,
  summaryTable,
} from './export/report-tables';
import { summaryReport, type SummaryReport } from './summary/report-summary';
import { scorecardReport, type ScorecardReport } from './scorecard/report-scorecard';

/** Who reads the reports (each within its scope, `reportScope`). */
export const REPORT_READERS = [
  'reception-officer',
  'agency-officer',
  'agency-head',
  'auditor',
  'administrator',
  'provincial-leader',
] as const;

/** What anyone may see: counts and shares per unit and procedure, nothing about a person. */
export interface PublicStatistics {
  readonly period: { readonly from: string; readonly to: string; readonly asOf: string };
  readonly rows: readonly ({ readonly unitCode: string; readonly procedureCode: string } & PublicFigures)[];
  readonly total: PublicFigures;
  readonly definitions: string;
}

interface PublicFigures {
  readonly received: number;
  readonly finished: number;
  readonly early: number;
  readonly onTime: number;
  readonly late: number;
  readonly earlyOrOnTimeShare: number | null;
  readonly inProgress: number;
}

const EXPORTS = ['summary', 'late', 'steps', 'scorecard', 'same-day', 'backlog'] as const;
/** Rows an export holds at most (the late list and the backlog are not paged there). */
const EXPORT_MAX_ROWS = 1_000_000;

/** The filters every report takes (its period aside). */
const FILTERS = [
  { name: 'unit', description: 'Receiving units, comma-separated' },
  { name: 'agency', description: 'Agencies that took part (steps: the step’s agency), comma-separated' },
  { name: 'procedure', description: 'Procedure codes, comma-separated' },
  { name: 'field', description: 'Lĩnh vực, comma-separated' },
  { name: 'channel', description: 'counter, post, online, national-portal, other' },
];
const Filters = (): MethodDecorator => (target, key, descriptor) => {
  for (const f of FILTERS)
    ApiQuery({ name: f.name, required: false, description: f.description })(target, key, descriptor);
};
const Period = (): MethodDecorator => (target, key, descriptor) => {
  ApiQuery({ name: 'from', required: true, description: 'First day, YYYY-MM-DD (Vietnam time)' })(
    target,
    key,
    descriptor,
  );
  ApiQuery({ name: 'to', required: true, description: 'Last day, YYYY-MM-DD, included; at most 5 years' })(
    target,
    key,
    descriptor,
  );
};
const Paged = (): MethodDecorator => (target, key, descriptor) => {
  ApiQuery({ name: 'limit', required: false, description: '1 to 1000 (default 100)' })(
    target,
    key,
    descriptor,
  );
  ApiQuery({ name: 'offset', required: false })(target, key, descriptor);
};

/**
 * The reports (issue 19) over the analytical read models: each counts what the caller may see
 * (`reportScope`), refuses a bad period, filter or grouping with a 400 naming each problem, and links
 * its definitions in docs/reports.md.
 */
@ApiTags('reports')
@Controller()
export class ReportsHttpController {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly calendars: DossierCalendar,
  ) {}

  @Allow(...REPORT_READERS)
  @Get('reports/summary')
  @ApiOperation({
    summary:
      'Received, finished early / on time / late with shares, in progress on time / overdue, processing time in working days (average, p90), online and same-day shares; per group (docs/reports.md#summary)',
  })
  @Period()
  @Filters()
  @ApiQuery({
    name: 'groupBy',
    required: false,
    description: 'unit, agency, procedure, field, channel, and one of month, quarter, year; comma-separated',
  })
  summary(
    @QueryParam() q: Record<string, string | undefined>,
    @CurrentPrincipal() who?: Principal,
  ): Promise<SummaryReport> {
    const { query, scope } = this.read(q, who);
    return summaryReport(this.pool, query, scope, this.clock.now().getTime());
  }

  @Allow(...REPORT_READERS)
  @Get('reports/late')
  @ApiOperation({
    summary:
      'Dossiers finished late in the period or running past their due date at its end: the late steps and their agencies, the apology on time / late / missing, re-appointments (docs/reports.md#late)',
  })
  @Period()
  @Filters()
  @Paged()
  late(
    @QueryParam() q: Record<string, string | undefined>,
    @CurrentPrincipal() who?: Principal,
  ): Promise<LateReport> {
    const { query, scope } = this.read(q, who, { paged: true, grouped: false });
    return lateReport(this.pool, query, scope, this.clock.now().getTime());
  }

  @Allow(...REPORT_READERS)
  @Get('reports/steps')
  @ApiOperation({
    summary:
      'Which step needs improving (khâu nào cần cải tiến): per procedure step and agency, working time used against the budget, waiting and working time, share late, returns; ranked by the delay caused (docs/reports.md#steps)',
  })
  @Period()
  @Filters()
  steps(
    @QueryParam() q: Record<string, string | undefined>,
    @CurrentPrincipal() who?: Principal,
  ): Promise<StepsReport> {
    const { query, scope } = this.read(q, who, { grouped: false });
    return stepsReport(this.pool, query, scope);
  }

  @Allow(...REPORT_READERS)
  @Get('reports/early-warnings')
  @ApiOperation({
    summary:
      'How good the early warning of lateness was: over the step visits that ended in the period, the warnings given, those that came true (precision) and the late visits warned in time to act (recall), in all and per agency (docs/simulation.md#early-warning)',
  })
  @Period()
  @Filters()
  async earlyWarnings(
    @QueryParam() q: Record<string, string | undefined>,
    @CurrentPrincipal() who?: Principal,
  ): Promise<EarlyWarningReport> {
    const { query, scope } = this.read(q, who, { grouped: false });
    return earlyWarningReport(this.pool, query, scope, await this.calendars.current());
  }

  @Allow(...REPORT_READERS)
  @Get('reports/scorecard')
  @ApiOperation({
    summary:
      'Per agency, points per component after the structure of the city’s administrative-reform index (on time, apologies, supplements asked once, no rework) and deductions for late steps; weights versioned; an adaptation, not the official formula (docs/reports.md#scorecard)',
  })
  @Period()
  @Filters()
  scorecard(
    @QueryParam() q: Record<string, string | undefined>,
    @CurrentPrincipal() who?: Principal,
  ): Promise<ScorecardReport> {
    const { query, scope } = this.read(q, who, { grouped: false });
    return scorecardReport(this.pool, query, scope);
  }

  @Allow(...REPORT_READERS)
  @Get('reports/same-day')
  @ApiOperation({
    summary:
      'Same-day dossiers (giải quyết trong ngày) by receiving unit and period: received, finished, resolved within the day (docs/reports.md#same-day)',
  })
  @Period()
  @Filters()
  @ApiQuery({ name: 'groupBy', required: false, description: 'one of month, quarter, year' })
  sameDay(
    @QueryParam() q: Record<string, string | undefined>,
    @CurrentPrincipal() who?: Principal,
  ): Promise<SameDayReport> {
    const { query, scope } = this.read(q, who);
    if (query.groupBy.length > 0)
      throw reportError(
        'REPORT_QUERY_INVALID',
        'The same-day report is by receiving unit: groupBy takes only month, quarter or year',
        'Báo cáo giải quyết trong ngày chỉ nhóm theo tháng, quý hoặc năm',
        [{ path: 'groupBy', code: 'ENUM', message: 'month, quarter or year' }],
      );
    return sameDayReport(this.pool, query, scope);
  }

  @Allow(...REPORT_READERS)
  @Get('reports/backlog')
  @ApiOperation({
    summary:
      'The backlog (tồn đọng) at the end of a day, or now: dossiers in flight by holder, working days overdue (docs/reports.md#backlog)',
  })
  @ApiQuery({
    name: 'asOf',
    required: false,
    description: 'A day, YYYY-MM-DD: its end (Vietnam time); default now',
  })
  @Filters()
  @Paged()
  backlog(
    @QueryParam() q: Record<string, string | undefined>,
    @CurrentPrincipal() who?: Principal,
  ): Promise<BacklogReport> {
    return this.backlogOf(q, who);
  }

  /** The backlog, paged as asked, or whole (`page`, for an export). */
  private backlogOf(
    q: Record<string, string | undefined>,
    who: Principal | undefined,
    page?: { readonly limit: number; readonly offset: number },
  ): Promise<BacklogReport> {
    const { asOf, ...rest } = q;
    if (rest.from !== undefined || rest.to !== undefined)
      throw reportError(
        'REPORT_QUERY_INVALID',
        'The backlog is at an instant: give asOf (a day), not from and to',
        'Báo cáo tồn đọng tính tại một thời điểm: dùng asOf, không dùng from và to',
        [
          {
            path: rest.from !== undefined ? 'from' : 'to',
            code: 'UNKNOWN',
            message: 'the backlog takes asOf',
          },
        ],
      );
    const now = this.clock.now().getTime();
    const today = vietnamDateOf(now);
    if (asOf !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(asOf))
      throw reportError(
        'REPORT_QUERY_INVALID',
        `asOf must be a day, YYYY-MM-DD, got "${asOf}"`,
        'Ngày không hợp lệ',
        [{ path: 'asOf', code: 'FORMAT', message: 'a day, YYYY-MM-DD (Vietnam time)' }],
      );
    const day = asOf ?? today;
    const read = this.read({ ...rest, from: day, to: day }, who, {
      paged: page === undefined,
      grouped: false,
    });
    const query = page ? { ...read.query, page } : read.query;
    const scope = read.scope;
    const instant = asOf === undefined ? now : Math.min(periodBounds(query).end, now);
    return backlogReport(this.pool, query, scope, instant, (unit) => this.calendars.forUnit(unit));
  }

  @Allow(...REPORT_READERS)
  @Get('reports/charts/:chart')
  @ApiOperation({
    summary:
      'A chart as SVG, rendered on the server: on-time-trend.svg (share early or on time by month), agency-on-time.svg (per lead agency), step-times.svg (box plots of working time per step); Vietnamese labels by default (docs/reports.md#charts)',
  })
  @Period()
  @Filters()
  @ApiQuery({ name: 'lang', required: false, enum: ['vi', 'en'] })
  async chart(
    @Param('chart') file: string,
    @QueryParam() q: Record<string, string | undefined>,
    @Res() res: Response,
    @CurrentPrincipal() who?: Principal,
  ): Promise<void> {
    const chart = file.replace(/\.svg$/, '');
    if (!file.endsWith('.svg') || !(CHARTS as readonly string[]).includes(chart))
      throw reportError(
        'REPORT_NOT_FOUND',
        `No chart "${file}" (charts: ${CHARTS.map((c) => `${c}.svg`).join(', ')})`,
        `Không có biểu đồ "${file}"`,
      );
    const { lang = 'vi', ...rest } = q;
    if (lang !== 'vi' && lang !== 'en')
      throw reportError('REPORT_QUERY_INVALID', 'lang must be vi or en', 'Ngôn ngữ phải là vi hoặc en', [
        { path: 'lang', code: 'ENUM', message: 'vi or en' },
      ]);
    const { query, scope } = this.read(rest, who, { grouped: false });
    const svg = await reportChart(
      this.pool,
      chart as ChartName,
      query,
      scope,
      lang,
      this.clock.now().getTime(),
    );
    res.setHeader('content-type', 'image/svg+xml; charset=utf-8');
    res.send(svg);
  }

  @Public()
  @Get('public/statistics')
  @ApiOperation({
    summary:
      'Public transparency figures: per receiving unit and procedure, dossiers received, finished early / on time / late and the share early or on time, in progress; no personal data, no officer (docs/reports.md#public-statistics)',
  })
  @Period()
  @Filters()
  async publicStatistics(@QueryParam() q: Record<string, string | undefined>): Promise<PublicStatistics> {
    // Always per unit and procedure: the caller filters, it does not group.
    const query: ReportQuery = { ...parseReportQuery(q, { grouped: false }), groupBy: ['unit', 'procedure'] };
    const report = await summaryReport(this.pool, query, null, this.clock.now().getTime());
    const figures = (f: SummaryReport['total']) => ({
      received: f.received,
      finished: f.finished.total,
      early: f.finished.early,
      onTime: f.finished.onTime,
      late: f.finished.late,
      earlyOrOnTimeShare: f.finished.earlyOrOnTimeShare,
      inProgress: f.inProgress.total,
    });
    return {
      period: report.period,
      rows: report.groups.map((g) => ({
        unitCode: g.key.unit ?? '',
        procedureCode: g.key.procedure ?? '',
        ...figures(g),
      })),
      total: figures(report.total),
      definitions: 'docs/reports.md#public-statistics',
    };
  }

  @Allow(...REPORT_READERS)
  @Get('reports/:report/export')
  @ApiOperation({
    summary:
      'A report as a spreadsheet: XLSX (numbers with their formats, streamed) or CSV (UTF-8); Vietnamese headers by default (lang=en for English); the report’s own parameters; every row (no paging) (docs/reports.md#exports)',
  })
  @ApiQuery({ name: 'format', required: true, enum: ['xlsx', 'csv'] })
  @ApiQuery({ name: 'lang', required: false, enum: ['vi', 'en'] })
  async export(
    @Param('report') report: string,
    @QueryParam() q: Record<string, string | undefined>,
    @Res() res: Response,
    @CurrentPrincipal() who?: Principal,
  ): Promise<void> {
    const { format, lang = 'vi', ...rest } = q;
    const problems = [
      ...(format === 'xlsx' || format === 'csv'
        ? []
        : [{ path: 'format', code: 'ENUM', message: 'xlsx or csv' }]),
      ...(lang === 'vi' || lang === 'en' ? [] : [{ path: 'lang', code: 'ENUM', message: 'vi or en' }]),
    ];
    if (!(EXPORTS as readonly string[]).includes(report))
      throw reportError(
        'REPORT_NOT_FOUND',
        `No report "${report}" (reports: ${EXPORTS.join(', ')})`,
        `Không có báo cáo "${report}"`,
      );
    if (problems.length > 0)
      throw reportError(
        'REPORT_QUERY_INVALID',
        `The export cannot be made: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`,
        'Tham số xuất báo cáo không hợp lệ',
        problems,
      );
    // The whole report, computed (and refused with a 4xx) before anything is sent.
    const table = await this.table(report as (typeof EXPORTS)[number], rest, who);
    const day = vietnamDateOf(this.clock.now().getTime());
    const file = `${table.name}-${rest.from ?? rest.asOf ?? day}${rest.to ? `-${rest.to}` : ''}.${format}`;
    res.setHeader('content-disposition', `attachment; filename="${file}"`);
    if (format === 'xlsx') {
      res.setHeader('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      await writeXlsx(table, lang as ExportLanguage, res);
    } else {
      res.setHeader('content-type', 'text/csv; charset=utf-8');
      await writeCsv(table, lang as ExportLanguage, res);
    }
  }

  private async table(
    report: (typeof EXPORTS)[number],
    q: Record<string, string | undefined>,
    who: Principal | undefined,
  ): Promise<ReportTable> {
    const all = { limit: EXPORT_MAX_ROWS, offset: 0 };
    switch (report) {
      case 'summary':
        return summaryTable(await this.summary(q, who));
      case 'late': {
        // Read through a cursor as the file is written: every late dossier, never all in memory.
        const { query, scope } = this.read(q, who, { grouped: false });
        return lateExportTable(
          { period: query },
          lateDossiers(this.pool, query, scope, this.clock.now().getTime()),
        );
      }
      case 'steps':
        return stepsTable(await this.steps(q, who));
      case 'scorecard':
        return scorecardTable(await this.scorecard(q, who));
      case 'same-day':
        return sameDayTable(await this.sameDay(q, who));
      case 'backlog':
        return backlogTable(await this.backlogOf(q, who, all));
    }
  }

  private read(
    q: Record<string, string | undefined>,
    who: Principal | undefined,
    options: { readonly paged?: boolean; readonly grouped?: boolean } = {},
  ): { query: ReportQuery; scope: ReturnType<typeof reportScope> } {
    const query = parseReportQuery(q, options);
    return { query, scope: reportScope(requirePrincipal(who), query) };
  }
}
