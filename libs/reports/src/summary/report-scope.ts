import type { Principal } from '@lien-thong/access';
import { isProvinceWide } from '@lien-thong/dossiers';
import { reportError } from '../reports.errors';
import type { ReportQuery } from '../domain/report-query';

/**
 * Whose dossiers a caller's report counts (issue 19, "who sees what"): everything for administrators,
 * provincial leaders and auditors without an agency (provincial inspectors); the dossiers received by its own desk for
 * reception officers (and auditors of a unit); those its agency took part in for agency staff (and
 * auditors of an agency). A filter naming a unit or an agency the caller cannot see is a 403, not an
 * empty report.
 */
export interface ReportScope {
  /** Null: every dossier. */
  readonly deskUnitCode: string | null;
  readonly participantAgencyCode: string | null;
}

export function reportScope(caller: Principal, q: ReportQuery): ReportScope | null {
  if (isProvinceWide(caller) || caller.roles.includes('provincial-leader')) return null;
  const own = caller.agencyCode;
  const desk = caller.roles.includes('reception-officer') || caller.roles.includes('auditor');
  const participant = caller.roles.some((r) => ['agency-officer', 'agency-head', 'auditor'].includes(r));
  if (own === null || (!desk && !participant))
    throw reportError(
      'REPORT_SCOPE_FORBIDDEN',
      'Reports are for staff of a unit or an agency, auditors and administrators',
      'Chỉ cán bộ của đơn vị, cơ quan, thanh tra và quản trị viên được xem báo cáo',
    );
  const others = (values: readonly string[] | undefined) => (values ?? []).filter((v) => v !== own);
  const foreignUnits = participant ? [] : others(q.filters.unit);
  const foreignAgencies = others(q.filters.agency);
  if (foreignUnits.length > 0 || foreignAgencies.length > 0)
    throw reportError(
      'REPORT_SCOPE_FORBIDDEN',
      `You act for ${own}: you may not see the figures of ${[...foreignUnits, ...foreignAgencies].join(', ')}`,
      `Bạn thuộc ${own}; không được xem số liệu của ${[...foreignUnits, ...foreignAgencies].join(', ')}`,
    );
  return { deskUnitCode: desk ? own : null, participantAgencyCode: participant ? own : null };
}
