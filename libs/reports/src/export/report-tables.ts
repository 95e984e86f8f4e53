import type { BacklogReport } from '../backlog/report-backlog';
import type { LateDossier } from '../late/report-late';
import type { SameDayReport } from '../same-day/report-same-day';
import type { ScorecardReport } from '../scorecard/report-scorecard';
import type { StepsReport } from '../steps/report-steps';
import type { SummaryFigures, SummaryReport } from '../summary/report-summary';
import type { Cell, ReportColumn, ReportTable } from './report-table';

/** Maps rows lazily, in memory or as they come. */
async function* mapRows<T>(
  items: Iterable<T> | AsyncIterable<T>,
  f: (item: T) => readonly Cell[],
): AsyncGenerator<readonly Cell[]> {
  for await (const item of items) yield f(item);
}

const col = (vi: string, en: string, type: ReportColumn['type']): ReportColumn => ({ vi, en, type });

const DIMENSION_HEADERS: Record<string, { vi: string; en: string }> = {
  unit: { vi: 'Đơn vị tiếp nhận', en: 'Receiving unit' },
  agency: { vi: 'Cơ quan chủ trì', en: 'Lead agency' },
  procedure: { vi: 'Thủ tục', en: 'Procedure' },
  field: { vi: 'Lĩnh vực', en: 'Field' },
  channel: { vi: 'Kênh tiếp nhận', en: 'Channel' },
  period: { vi: 'Kỳ', en: 'Period' },
};

const SUMMARY_COLUMNS: readonly ReportColumn[] = [
  col('Tiếp nhận', 'Received', 'integer'),
  col('Đã giải quyết', 'Finished', 'integer'),
  col('Trước hạn', 'Early', 'integer'),
  col('Đúng hạn', 'On time', 'integer'),
  col('Trễ hạn', 'Late', 'integer'),
  col('Tỷ lệ trước hạn và đúng hạn', 'Early or on-time share', 'share'),
  col('Tỷ lệ trễ hạn', 'Late share', 'share'),
  col('Đang giải quyết', 'In progress', 'integer'),
  col('Đang giải quyết quá hạn', 'In progress, overdue', 'integer'),
  col('Thời gian giải quyết bình quân (ngày làm việc)', 'Average processing (working days)', 'days'),
  col('Thời gian giải quyết P90 (ngày làm việc)', 'P90 processing (working days)', 'days'),
  col('Tỷ lệ trực tuyến', 'Online share', 'share'),
  col('Giải quyết trong ngày', 'Resolved within the day', 'integer'),
];

function summaryCells(f: SummaryFigures): (number | null)[] {
  return [
    f.received,
    f.finished.total,
    f.finished.early,
    f.finished.onTime,
    f.finished.late,
    f.finished.earlyOrOnTimeShare,
    f.finished.lateShare,
    f.inProgress.total,
    f.inProgress.overdue,
    f.processingWorkingDays.average,
    f.processingWorkingDays.p90,
    f.onlineShare,
    f.sameDay.resolvedWithinDay,
  ];
}

const period = (r: { period: { from: string; to: string } }) => `${r.period.from} – ${r.period.to}`;

export function summaryTable(r: SummaryReport): ReportTable {
  const keys = r.groupBy.map((g) => (g === 'month' || g === 'quarter' || g === 'year' ? 'period' : g));
  return {
    name: 'tong-hop',
    title: {
      vi: `Tổng hợp tình hình giải quyết hồ sơ, ${period(r)}`,
      en: `Summary of dossiers, ${period(r)}`,
    },
    columns: [
      ...keys.map((k) => col(DIMENSION_HEADERS[k]!.vi, DIMENSION_HEADERS[k]!.en, 'text')),
      ...SUMMARY_COLUMNS,
    ],
    rows: [
      ...r.groups.map((g) => [
        ...keys.map((k) => (g.key as Record<string, string | null>)[k] ?? null),
        ...summaryCells(g),
      ]),
      [...keys.map((_, i) => (i === 0 ? 'Tổng cộng / Total' : null)), ...summaryCells(r.total)],
    ],
  };
}

const APOLOGY = {
  'on-time': 'Đúng hạn / on time',
  late: 'Muộn / late',
  missing: 'Không có / missing',
} as const;

/** The late list as a table, its rows read as they are written (a cursor for an export). */
export function lateExportTable(
  r: { period: { from: string; to: string } },
  items: Iterable<LateDossier> | AsyncIterable<LateDossier>,
): ReportTable {
  return {
    name: 'tre-han',
    title: { vi: `Hồ sơ trễ hạn, ${period(r)}`, en: `Late dossiers, ${period(r)}` },
    columns: [
      col('Mã hồ sơ', 'Dossier code', 'text'),
      col('Thủ tục', 'Procedure', 'text'),
      col('Đơn vị tiếp nhận', 'Receiving unit', 'text'),
      col('Ngày tiếp nhận', 'Received', 'instant'),
      col('Hạn giải quyết', 'Due', 'instant'),
      col('Ngày có kết quả', 'Result ready', 'instant'),
      col('Số ngày làm việc trễ', 'Working days late', 'days'),
      col('Bước trễ hạn (cơ quan)', 'Late steps (agency)', 'text'),
      col('Văn bản xin lỗi', 'Apology', 'text'),
      col('Số lần hẹn lại', 'Re-appointments', 'integer'),
    ],
    rows: mapRows(items, (i) => [
      i.code,
      i.procedureCode,
      i.receivingUnitCode,
      i.receivedAt,
      i.dueAt,
      i.resultReadyAt,
      i.lateByWorkingDays,
      i.lateSteps.map((s) => `${s.stepId} (${s.agencyCode})`).join('; '),
      APOLOGY[i.apology],
      i.reappointments,
    ]),
  };
}

export function stepsTable(r: StepsReport): ReportTable {
  return {
    name: 'khau-can-cai-tien',
    title: {
      vi: `Khâu cần cải tiến (theo số ngày chậm gây ra), ${period(r)}`,
      en: `Steps to improve (by delay caused), ${period(r)}`,
    },
    columns: [
      col('Thủ tục', 'Procedure', 'text'),
      col('Bước', 'Step', 'text'),
      col('Cơ quan', 'Agency', 'text'),
      col('Số lượt', 'Visits', 'integer'),
      col('Thời hạn của bước (ngày làm việc)', 'Budget (working days)', 'days'),
      col('Thời gian thực hiện P50', 'Used P50', 'days'),
      col('Thời gian thực hiện P90', 'Used P90', 'days'),
      col('Chờ tiếp nhận bình quân', 'Average waiting', 'days'),
      col('Xử lý bình quân', 'Average working', 'days'),
      col('Tỷ lệ trễ hạn', 'Late share', 'share'),
      col('Số lần trả lại', 'Returns', 'integer'),
      col('Số ngày chậm gây ra', 'Delay caused (working days)', 'days'),
    ],
    rows: r.steps.map((s) => [
      s.procedureCode,
      s.stepId,
      s.agencyCode,
      s.visits,
      s.budgetWorkingDays,
      s.usedWorkingDays.p50,
      s.usedWorkingDays.p90,
      s.waitingWorkingDays,
      s.workingWorkingDays,
      s.lateShare,
      s.returns,
      s.delayCausedWorkingDays,
    ]),
  };
}

export function backlogTable(r: BacklogReport): ReportTable {
  return {
    name: 'ton-dong',
    title: { vi: `Hồ sơ tồn đọng tại ${r.asOf}`, en: `Backlog at ${r.asOf}` },
    columns: [
      col('Mã hồ sơ', 'Dossier code', 'text'),
      col('Thủ tục', 'Procedure', 'text'),
      col('Đơn vị tiếp nhận', 'Receiving unit', 'text'),
      col('Cơ quan đang giữ', 'Holder', 'text'),
      col('Bước', 'Step', 'text'),
      col('Hạn', 'Deadline', 'instant'),
      col('Số ngày làm việc quá hạn', 'Working days overdue', 'days'),
    ],
    rows: r.items.map((i) => [
      i.code,
      i.procedureCode,
      i.receivingUnitCode,
      i.holderAgencyCode,
      i.stepId,
      i.deadline,
      i.overdueWorkingDays,
    ]),
  };
}

export function sameDayTable(r: SameDayReport): ReportTable {
  return {
    name: 'trong-ngay',
    title: { vi: `Hồ sơ giải quyết trong ngày, ${period(r)}`, en: `Same-day dossiers, ${period(r)}` },
    columns: [
      col('Đơn vị tiếp nhận', 'Receiving unit', 'text'),
      col('Kỳ', 'Period', 'text'),
      col('Tiếp nhận', 'Received', 'integer'),
      col('Đã giải quyết', 'Finished', 'integer'),
      col('Giải quyết trong ngày', 'Resolved within the day', 'integer'),
      col('Trễ hạn', 'Late', 'integer'),
      col('Tỷ lệ giải quyết trong ngày', 'Resolved share', 'share'),
    ],
    rows: r.groups.map((g) => [
      g.unitCode,
      g.period,
      g.received,
      g.finished,
      g.resolvedWithinDay,
      g.late,
      g.resolvedShare,
    ]),
  };
}

export function scorecardTable(r: ScorecardReport): ReportTable {
  return {
    name: 'cham-diem',
    title: {
      vi: `Chấm điểm cơ quan (mô phỏng cấu trúc chỉ số cải cách hành chính, phiên bản ${r.config.version}), ${period(r)}`,
      en: `Agency scorecard (adapted from the reform index structure, version ${r.config.version}), ${period(r)}`,
    },
    columns: [
      col('Cơ quan', 'Agency', 'text'),
      col('Tổng điểm', 'Score', 'days'),
      col('Đúng hạn', 'On time', 'days'),
      col('Xin lỗi đúng hạn', 'Apologies in time', 'days'),
      col('Yêu cầu bổ sung một lần', 'Supplement asked once', 'days'),
      col('Không phải làm lại', 'No rework', 'days'),
      col('Số bước trễ hạn', 'Late steps', 'integer'),
      col('Điểm trừ', 'Deduction', 'days'),
    ],
    rows: r.agencies.map((a) => [
      a.agencyCode,
      a.score,
      a.components.onTime.points,
      a.components.apologies.points,
      a.components.singleSupplement.points,
      a.components.noRework.points,
      a.deductions.lateSteps.count,
      a.deductions.lateSteps.points,
    ]),
  };
}
