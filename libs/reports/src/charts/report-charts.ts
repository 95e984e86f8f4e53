import type { Pool } from 'pg';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { ReportQuery } from '../domain/report-query';
import type { ReportScope } from '../summary/report-scope';
import { summaryReport } from '../summary/report-summary';
import { WORKING_DAY_MS } from '../shared/report-sql';
import { stepRows } from '../steps/report-steps';
import { histogramPercentile, type HistogramBucket } from '../rollups/report-rollups';

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
      const boxes = stepBoxes(await stepRows(pool, q, scope));
      const y = (field: string) => ({ field, type: 'quantitative' as const, title: text.y });
      spec = {
        title: text.title,
        width: { step: 40 },
        height: 280,
        encoding: {
          x: { field: 'step', type: 'nominal', title: text.x, axis: { labelAngle: -40 }, sort: null },
        },
        layer: [
          {
            data: { values: boxes },
            mark: { type: 'rule' },
            encoding: { y: y('lower'), y2: { field: 'upper' } },
          },
          {
            data: { values: boxes },
            mark: { type: 'bar', size: 14 },
            encoding: { y: y('q1'), y2: { field: 'q3' } },
          },
          {
            data: { values: boxes },
            mark: { type: 'tick', color: 'white', size: 14 },
            encoding: { y: y('median') },
          },
          {
            data: { values: boxes.flatMap((b) => b.outliers.map((days) => ({ step: b.step, days }))) },
            mark: { type: 'point', size: 12 },
            encoding: { y: y('days') },
          },
        ],
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

interface StepBox {
  readonly step: string;
  readonly lower: number;
  readonly q1: number;
  readonly median: number;
  readonly q3: number;
  readonly upper: number;
  /** Beyond the whiskers: the smallest and largest value of each histogram bucket there. */
  readonly outliers: readonly number[];
}

/**
 * A Tukey box per step and agency (labels as "step (agency)", a step of two procedures drawn as one),
 * in working days, from the histograms of every visit that ended in the period: quartiles, whiskers to
 * the last values within 1.5 times the box's height, the values beyond as points. Exact where a value
 * is its bucket's smallest or largest, otherwise within the bucket's 1 % (ADR 0017).
 */
export function stepBoxes(
  rows: readonly { step_id: string; agency_code: string; used: readonly HistogramBucket[] }[],
): StepBox[] {
  const byStep = new Map<string, Map<number, HistogramBucket>>();
  for (const r of rows) {
    const label = `${r.step_id} (${r.agency_code})`;
    const merged = byStep.get(label) ?? new Map<number, HistogramBucket>();
    for (const b of r.used) {
      const m = merged.get(b.bucket);
      merged.set(
        b.bucket,
        m ? { bucket: b.bucket, n: m.n + b.n, min: Math.min(m.min, b.min), max: Math.max(m.max, b.max) } : b,
      );
    }
    byStep.set(label, merged);
  }
  const boxes: StepBox[] = [];
  for (const [step, merged] of byStep) {
    const h = [...merged.values()].filter((b) => b.n > 0).sort((a, b) => a.bucket - b.bucket);
    if (h.length === 0) continue;
    const [q1, median, q3] = [0.25, 0.5, 0.75].map((p) => histogramPercentile(h, p)!) as [
      number,
      number,
      number,
    ];
    const low = q1 - 1.5 * (q3 - q1);
    const high = q3 + 1.5 * (q3 - q1);
    const within = h.filter((b) => b.max >= low && b.min <= high);
    const lower = within.length > 0 ? Math.max(within[0]!.min, low) : q1;
    const upper = within.length > 0 ? Math.min(within[within.length - 1]!.max, high) : q3;
    const outliers = h
      .flatMap((b) => (b.n > 1 ? [b.min, b.max] : [b.min]))
      .filter((v) => v < lower || v > upper);
    const days = (ms: number) => ms / WORKING_DAY_MS;
    boxes.push({
      step,
      lower: days(lower),
      q1: days(q1),
      median: days(median),
      q3: days(q3),
      upper: days(upper),
      outliers: outliers.map(days),
    });
  }
  return boxes;
}
