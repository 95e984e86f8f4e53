/**
 * The swimlane chart's geometry, from the control slip (phiếu kiểm soát): one lane per agency, one bar
 * per step visit from its handoff to its end (completion, return, or now), its deadline marked, and a
 * late visit told apart with the agency that held it, the one responsible for the delay.
 */
export interface SlipRow {
  seq: number;
  /** transfer, handoff or return. */
  kind: string;
  stepId: string | null;
  toAgencyCode: string;
  handedOffAt: string;
  deadline: string | null;
  completedAt: string | null;
  returnedAt: string | null;
  outcome: 'early' | 'on-time' | 'late' | null;
}

export interface Bar {
  seq: number;
  stepId: string;
  agencyCode: string;
  lane: number;
  start: number;
  end: number;
  deadline: number | null;
  /** Late: ended after its deadline, or still open past it. */
  late: boolean;
  open: boolean;
}

export interface Swimlane {
  lanes: string[];
  bars: Bar[];
  from: number;
  to: number;
  lateAgencies: string[];
}

export function swimlaneOf(
  rows: readonly SlipRow[],
  now: number,
  until = Number.POSITIVE_INFINITY,
): Swimlane {
  const lanes: string[] = [];
  const bars: Bar[] = [];
  for (const row of rows) {
    if (!row.stepId) continue;
    const start = Date.parse(row.handedOffAt);
    if (start > until) continue;
    const endedAt = row.completedAt ?? row.returnedAt;
    const ended = endedAt ? Date.parse(endedAt) : null;
    const open = ended === null || ended > until;
    const end = open ? Math.min(now, until) : ended;
    const deadline = row.deadline ? Date.parse(row.deadline) : null;
    const late = open ? deadline !== null && end > deadline : row.outcome === 'late';
    let lane = lanes.indexOf(row.toAgencyCode);
    if (lane < 0) lane = lanes.push(row.toAgencyCode) - 1;
    bars.push({
      seq: row.seq,
      stepId: row.stepId,
      agencyCode: row.toAgencyCode,
      lane,
      start,
      end,
      deadline,
      late,
      open,
    });
  }
  const times = bars.flatMap((b) => [b.start, b.end, ...(b.deadline !== null ? [b.deadline] : [])]);
  const from = times.length ? Math.min(...times) : now;
  const to = times.length ? Math.max(...times, from + 1) : now + 1;
  const lateAgencies = [...new Set(bars.filter((b) => b.late).map((b) => b.agencyCode))];
  return { lanes, bars, from, to, lateAgencies };
}
