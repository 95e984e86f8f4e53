/** An agency inbox row as GET /agencies/{agencyCode}/inbox answers it. */
export interface InboxItem {
  dossierCode: string;
  stepId: string;
  agencyCode: string;
  procedureCode: string;
  procedureVersion: number;
  fromAgencyCode: string | null;
  handedOffAt: string;
  deadline: string;
  dueAt: string | null;
  appointmentAt: string | null;
  acceptedAt: string | null;
  overdue: boolean;
  overdueDetectedAt: string | null;
  clockPaused: boolean;
  awaitingSupplement: boolean;
  apologyRequestedAt: string | null;
  apologyRespondBy: string | null;
  /** The early warning: this step is likely to end late (absent from answers before it existed). */
  latenessWarning?: { probability: number; warnedAt: string } | null;
  links: { dossier: string; accept: string; complete: string; return: string; supplementRequest: string };
}
export interface InboxPage {
  agencyCode: string;
  items: InboxItem[];
  escalations: { dossierCode: string; reason: string; escalatedAt: string; to: string }[];
  total: number;
}

export type Badge = 'overdue' | 'at-risk' | 'paused' | 'supplement' | 'apology' | 'due-soon' | 'on-time';

/** The badges of a row, most urgent first. */
export function badgesOf(item: InboxItem, now: number): Badge[] {
  const badges: Badge[] = [];
  if (item.overdue) badges.push('overdue');
  // Nguy cơ trễ hạn: warned by the early warning, not overdue yet.
  else if (item.latenessWarning) badges.push('at-risk');
  if (item.apologyRequestedAt) badges.push('apology');
  if (item.awaitingSupplement) badges.push('supplement');
  if (item.clockPaused) badges.push('paused');
  if (!item.overdue) {
    const left = Date.parse(item.deadline) - now;
    badges.push(left < 24 * 3_600_000 ? 'due-soon' : 'on-time');
  }
  return badges;
}

export function sortInbox(items: readonly InboxItem[], direction: 'asc' | 'desc'): InboxItem[] {
  const sign = direction === 'asc' ? 1 : -1;
  return [...items].sort(
    (a, b) =>
      sign * (Date.parse(a.deadline) - Date.parse(b.deadline)) ||
      a.dossierCode.localeCompare(b.dossierCode) ||
      a.stepId.localeCompare(b.stepId),
  );
}
