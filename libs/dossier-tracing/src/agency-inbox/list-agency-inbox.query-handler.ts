import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import type { ProblemDetail } from '@lien-thong/contracts';
import { PG_POOL } from '@lien-thong/postgres';
import { invalidDossierQuery } from '../shared/query-errors';
import type { AgencyEscalationRow, AgencyInboxRow } from './agency-inbox.rows';
import type { AgencyInboxItem, AgencyInboxPage } from './agency-inbox.response.dto';
import { ListAgencyInbox } from './list-agency-inbox.query';

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 200;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

@QueryHandler(ListAgencyInbox)
export class ListAgencyInboxHandler implements IQueryHandler<ListAgencyInbox> {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async execute(query: ListAgencyInbox): Promise<AgencyInboxPage> {
    const c = query.criteria;
    const problems: ProblemDetail[] = [];
    if (typeof c.agencyCode !== 'string' || c.agencyCode.trim() === '')
      problems.push({ path: 'agencyCode', code: 'REQUIRED', message: 'agencyCode is required' });
    if (c.dueBefore !== undefined && (!INSTANT.test(c.dueBefore) || Number.isNaN(Date.parse(c.dueBefore))))
      problems.push({
        path: 'dueBefore',
        code: 'INSTANT',
        message: 'dueBefore must be an ISO 8601 date-time with an offset, e.g. 2026-11-27T17:00:00+07:00',
      });
    const limit = c.limit ?? DEFAULT_LIMIT;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)
      problems.push({
        path: 'limit',
        code: 'RANGE',
        message: `limit must be a whole number from 1 to ${MAX_LIMIT}`,
      });
    const offset = c.offset ?? 0;
    if (!Number.isInteger(offset) || offset < 0)
      problems.push({ path: 'offset', code: 'RANGE', message: 'offset must be a whole number from 0' });
    if (problems.length > 0) throw invalidDossierQuery(problems);

    const params: unknown[] = [c.agencyCode];
    const param = (value: unknown): string => {
      params.push(value);
      return `$${params.length}`;
    };
    const where = ['agency_code = $1'];
    if (c.dueBefore !== undefined) where.push(`deadline <= ${param(c.dueBefore)}::timestamptz`);
    if (c.overdue !== undefined) {
      const overdue = `(overdue_detected OR (NOT clock_paused AND deadline < ${param(c.now)}::timestamptz))`;
      where.push(c.overdue ? overdue : `NOT ${overdue}`);
    }
    if (c.accepted !== undefined) where.push(c.accepted ? 'accepted' : 'NOT accepted');
    const filter = where.join(' AND ');
    const [rows, count, escalations] = await Promise.all([
      this.pool.query<{ row: AgencyInboxRow }>(
        `SELECT row FROM agency_inbox WHERE ${filter} ORDER BY deadline, stream, step_id
          LIMIT ${param(limit)} OFFSET ${param(offset)}`,
        params,
      ),
      this.pool.query<{ total: string }>(
        `SELECT count(*) AS total FROM agency_inbox WHERE ${filter}`,
        params.slice(0, params.length - 2),
      ),
      this.pool.query<{ row: AgencyEscalationRow }>(
        `SELECT row FROM agency_escalations WHERE agency_code = $1
          ORDER BY escalated_at DESC, stream, revision LIMIT ${MAX_LIMIT}`,
        [c.agencyCode],
      ),
    ]);
    const nowMs = Date.parse(c.now);
    return {
      agencyCode: c.agencyCode,
      items: rows.rows.map(({ row }) => toItem(row, nowMs)),
      escalations: escalations.rows.map(({ row }) => ({
        ...row,
        links: { dossier: `/dossiers/${encodeURIComponent(row.dossierCode)}` },
      })),
      total: Number(count.rows[0]?.total ?? 0),
      limit,
      offset,
    };
  }
}

function toItem(row: AgencyInboxRow, nowMs: number): AgencyInboxItem {
  const base = `/dossiers/${encodeURIComponent(row.dossierCode)}`;
  const step = `${base}/steps/${encodeURIComponent(row.stepId)}`;
  return {
    ...row,
    overdue: row.overdueDetectedAt !== null || (!row.clockPaused && Date.parse(row.deadline) < nowMs),
    links: {
      dossier: base,
      accept: `${step}/receive`,
      complete: `${step}/complete`,
      return: `${step}/return`,
      supplementRequest: `${step}/supplement-request`,
    },
  };
}
