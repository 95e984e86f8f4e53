import type { Pool } from 'pg';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { periodBounds, type ReportQuery } from '../domain/report-query';
import type { ReportScope } from '../summary/report-scope';
import { summaryReport } from '../summary/report-summary';
import { dossierConditions, SqlParams, whereSql, WORKING_DAY_MS } from '../shared/report-sql';

export const CHARTS = ['on-time-trend', 'agency-on-time', 'step-times'] as const;
export type ChartName = (typeof CHARTS)[number];
export type ChartLanguage = 'vi' | 'en';

const TEXT = {
  'on-time-trend': {
    vi: {
      title: 'Tỷ lệ hồ sơ giải quyết trước hạn và đúng hạn theo tháng',
      x: 'Tháng',
      y: 'Tỷ lệ trước và đúng hạn',
    },
    en: {
      title: 'Share of dossiers finished early or on time, by month',
      x: 'Month',
      y: 'Early or on-time share',
    },
  },
  'agency-on-time': {
    vi: {
      title: 'Tỷ lệ trước hạn và đúng hạn theo cơ quan chủ trì',
      x: 'Cơ quan',
      y: 'Tỷ lệ trước và đúng hạn',
    },
    en: { title: 'Early or on-time share by lead agency', x: 'Agency', y: 'Early or on-time share' },
  },
  'step-times': {
    vi: { title: 'Thời gian thực hiện từng bước (ngày làm việc)', x: 'Bước (cơ quan)', y: 'Ngày làm việc' },
    en: { title: 'Working time used per step (working days)', x: 'Step (agency)', y: 'Working days' },
  },
} as const;

/** Numbers as Vietnamese write them (decimal comma, thousands dot), or as English does. */
const NUMBER_LOCALE = {
  vi: { decimal: ',', thousands: '.', grouping: [3], currency: ['', ' ₫'], percent: '%' },
  en: { decimal: '.', thousands: ',', grouping: [3], currency: ['$', ''], percent: '%' },
} as const;

const CONFIG = {
  font: 'DejaVu Sans, Arial, sans-serif',
  title: { fontSize: 14, anchor: 'start' as const },
  axis: { labelFontSize: 11, titleFontSize: 12 },
  view: { stroke: null },
};

/** Most step visits a box plot draws (the latest ended in the period). */
const MAX_VISITS = 20_000;

/**
 * Charts of the reports as SVG, rendered on the server (vega-lite compiled to vega, its SVG renderer, no
 * browser and no canvas): the on-time share over time, per agency, and the working time of each step as
 * box plots. Labels in Vietnamese (with diacritics) or English; the same period, filters and scope as
 * the reports. The SVG names a font with Vietnamese glyphs (DejaVu Sans) and falls back to the viewer's.
 */
export async function reportChart(
  pool: Pool,
  chart: ChartName,
  q: ReportQuery,
  scope: ReportScope | null,
  lang: ChartLanguage,
  now: number,
): Promise<string> {
  const text = TEXT[chart][lang];
  let spec: TopLevelSpec;
  switch (chart) {
    case 'on-time-trend': {
      const report = await summaryReport(pool, { ...q, groupBy: [], timeGrain: 'month' }, scope, now);
      spec = {
        title: text.title,
        width: 560,
        height: 260,
        data: {
          values: report.groups.map((g) => ({
            month: g.key.period,
            share: g.finished.earlyOrOnTimeShare,
            finished: g.finished.total,
          })),
        },
        mark: { type: 'line', point: true },
        encoding: {
          x: { field: 'month', type: 'ordinal', title: text.x, axis: { labelAngle: 0 } },
          y: {
            field: 'share',
            type: 'quantitative',
            title: text.y,
            axis: { format: '.0%' },
            scale: { domain: [0, 1] },
          },
        },
      };
      break;
    }
    case 'agency-on-time': {
      const report = await summaryReport(pool, { ...q, groupBy: ['agency'], timeGrain: null }, scope, now);
      spec = {
        title: text.title,
        width: { step: 36 },
        height: 260,
        data: {
          values: report.groups.map((g) => ({
            agency: g.key.agency,
            share: g.finished.earlyOrOnTimeShare,
            finished: g.finished.total,
          })),
        },
        mark: 'bar',
        encoding: {
          x: { field: 'agency', type: 'nominal', title: text.x, sort: '-y', axis: { labelAngle: -40 } },
          y: {
            field: 'share',
            type: 'quantitative',
            title: text.y,
            axis: { format: '.0%' },
            scale: { domain: [0, 1] },
          },
        },
      };
      break;
    }
    case 'step-times': {
      const { start, end } = periodBounds(q);
      const sql = new SqlParams();
      const s = sql.p(new Date(start).toISOString());
      const e = sql.p(new Date(end).toISOString());
      const where = [
        `coalesce(v.completed_at, v.returned_at) >= ${s} AND coalesce(v.completed_at, v.returned_at) < ${e}`,
        'v.used_working_ms IS NOT NULL',
        ...dossierConditions(q, scope, sql, { stepAgency: true }),
      ];
      const { rows } = await pool.query<{ step: string; used: string }>(
        `SELECT v.step_id || ' (' || v.agency_code || ')' AS step, v.used_working_ms AS used
           FROM report_step_visits v JOIN report_dossiers d ON d.code = v.code
          ${whereSql(where)}
          ORDER BY coalesce(v.completed_at, v.returned_at) DESC LIMIT ${MAX_VISITS}`,
        sql.values,
      );
      spec = {
        title: text.title,
        width: { step: 40 },
        height: 280,
        data: { values: rows.map((r) => ({ step: r.step, days: Number(r.used) / WORKING_DAY_MS })) },
        mark: { type: 'boxplot', extent: 1.5 },
        encoding: {
          x: { field: 'step', type: 'nominal', title: text.x, axis: { labelAngle: -40 } },
          y: { field: 'days', type: 'quantitative', title: text.y },
        },
      };
      break;
    }
  }
  const compiled = compile({ ...spec, config: CONFIG }).spec;
  const view = new vega.View(vega.parse(compiled), {
    renderer: 'none',
    locale: { number: NUMBER_LOCALE[lang] },
  } as unknown as ConstructorParameters<typeof vega.View>[1]);
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
