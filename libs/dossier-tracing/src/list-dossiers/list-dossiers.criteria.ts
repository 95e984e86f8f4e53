import type { ProblemDetail } from '@lien-thong/contracts';
import { invalidDossierQuery } from '../shared/query-errors';
import { STATUS_LABELS } from '../shared/labels';
import { isInstantText } from '../shared/vietnam-time';
import type { ListDossiersCriteria } from './list-dossiers.query';
import { type DossierStatus } from '@lien-thong/dossier-model';

export const MAX_LIST_LIMIT = 200;
export const DEFAULT_LIST_LIMIT = 50;

/** The position after the last row of a page, in the list order (receivedAt desc, stream asc). */
export interface ListCursor {
  readonly receivedAt: string;
  readonly stream: string;
}

export interface CheckedListCriteria {
  readonly nowMs: number;
  readonly now: string;
  readonly statuses: readonly DossierStatus[] | null;
  readonly procedureCode: string | null;
  readonly holderAgencyCode: string | null;
  readonly receivingUnitCode: string | null;
  readonly dueWithinHours: number | null;
  readonly overdue: boolean | null;
  readonly limit: number;
  readonly cursor: ListCursor | null;
  readonly offset: number;
  readonly visibleTo: {
    readonly deskUnitCode: string | null;
    readonly participantAgencyCode: string | null;
  } | null;
}

/** Checks the criteria and lists every problem at once (400). */
export function checkListCriteria(c: ListDossiersCriteria): CheckedListCriteria {
  const problems: ProblemDetail[] = [];
  const add = (path: string, code: string, message: string): void => {
    problems.push({ path, code, message });
  };
  if (!isInstantText(c.now)) add('now', 'INSTANT', 'an ISO 8601 instant with an offset');
  const statuses =
    c.status === undefined ? null : ((Array.isArray(c.status) ? c.status : [c.status]) as DossierStatus[]);
  for (const s of statuses ?? []) {
    if (!(s in STATUS_LABELS)) add('status', 'UNKNOWN', `unknown status ${String(s)}`);
  }
  const limit = c.limit ?? DEFAULT_LIST_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIST_LIMIT)
    add('limit', 'RANGE', `a whole number from 1 to ${MAX_LIST_LIMIT}`);
  const offset = c.offset ?? 0;
  if (!Number.isInteger(offset) || offset < 0) add('offset', 'RANGE', 'a whole number of at least 0');
  if (c.cursor !== undefined && c.offset !== undefined)
    add('cursor', 'EXCLUSIVE', 'give either a cursor or an offset, not both');
  let cursor: ListCursor | null = null;
  if (c.cursor !== undefined) {
    cursor = decodeListCursor(c.cursor);
    if (cursor === null) add('cursor', 'FORMAT', 'not a cursor returned by this list');
  }
  if (
    c.dueWithinHours !== undefined &&
    (typeof c.dueWithinHours !== 'number' || !Number.isFinite(c.dueWithinHours) || c.dueWithinHours <= 0)
  )
    add('dueWithinHours', 'RANGE', 'a positive number of hours');
  if (problems.length > 0) throw invalidDossierQuery(problems);
  return {
    nowMs: Date.parse(c.now),
    now: c.now,
    statuses: statuses && statuses.length > 0 ? statuses : null,
    procedureCode: c.procedureCode ?? null,
    holderAgencyCode: c.holderAgencyCode ?? null,
    receivingUnitCode: c.receivingUnitCode ?? null,
    dueWithinHours: c.dueWithinHours ?? null,
    overdue: c.overdue ?? null,
    limit,
    cursor,
    offset,
    visibleTo: c.visibleTo
      ? {
          deskUnitCode: c.visibleTo.deskUnitCode ?? null,
          participantAgencyCode: c.visibleTo.participantAgencyCode ?? null,
        }
      : null,
  };
}

export function encodeListCursor(cursor: ListCursor): string {
  return Buffer.from(JSON.stringify([cursor.receivedAt, cursor.stream]), 'utf8').toString('base64url');
}

export function decodeListCursor(text: string): ListCursor | null {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (
      Array.isArray(parsed) &&
      parsed.length === 2 &&
      isInstantText(parsed[0]) &&
      typeof parsed[1] === 'string' &&
      parsed[1].length > 0
    ) {
      return { receivedAt: parsed[0], stream: parsed[1] };
    }
  } catch {
    // fall through: not ours
  }
  return null;
}
