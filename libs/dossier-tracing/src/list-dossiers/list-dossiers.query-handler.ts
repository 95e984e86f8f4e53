import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import { PG_POOL } from '@lien-thong/postgres';
import { checkListCriteria, encodeListCursor, type CheckedListCriteria } from './list-dossiers.criteria';
import { isClockStopped, isOverdueAt, type DossierListRow } from './dossier-list.row';
import { ListDossiers } from './list-dossiers.query';
import type { DossierListItem, DossierListPage } from './list-dossiers.response.dto';

@QueryHandler(ListDossiers)
export class ListDossiersHandler implements IQueryHandler<ListDossiers> {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async execute(query: ListDossiers): Promise<DossierListPage> {
    const c = checkListCriteria(query.criteria);
    const { where, params } = whereClause(c);
    params.push(c.limit + 1, c.offset);
    const result = await this.pool.query<{ doc: DossierListRow }>(
      `SELECT doc FROM dossier_list
        ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY received_at DESC, stream ASC
        LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
    const rows = result.rows.map((r) => r.doc);
    const page = rows.slice(0, c.limit);
    const last = page[page.length - 1];
    return {
      items: page.map((row) => toItem(row, c.nowMs)),
      nextCursor:
        rows.length > c.limit && last
          ? encodeListCursor({ receivedAt: last.receivedAt, stream: last.stream })
          : null,
    };
  }
}

function whereClause(c: CheckedListCriteria): { where: string[]; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  const param = (value: unknown): string => {
    params.push(value);
    return `$${params.length}`;
  };
  if (c.visibleTo) {
    // Nothing visible when the caller has neither a desk nor an agency to see through (deny by default).
    const visible = ['false'];
    if (c.visibleTo.deskUnitCode !== null)
      visible.push(`desk_units @> ARRAY[${param(c.visibleTo.deskUnitCode)}]::text[]`);
    if (c.visibleTo.participantAgencyCode !== null)
      visible.push(`participant_agencies @> ARRAY[${param(c.visibleTo.participantAgencyCode)}]::text[]`);
    where.push(`(${visible.join(' OR ')})`);
  }
  if (c.statuses) where.push(`status = ANY(${param(c.statuses)}::text[])`);
  if (c.procedureCode !== null) where.push(`procedure_code = ${param(c.procedureCode)}`);
  if (c.receivingUnitCode !== null) where.push(`receiving_unit_code = ${param(c.receivingUnitCode)}`);
  if (c.holderAgencyCode !== null)
    where.push(`holder_agencies @> ARRAY[${param(c.holderAgencyCode)}]::text[]`);
  if (c.dueWithinHours !== null) {
    const until = new Date(c.nowMs + c.dueWithinHours * 3_600_000).toISOString();
    where.push(
      `due_counts AND due_at >= ${param(c.now)}::timestamptz AND due_at <= ${param(until)}::timestamptz`,
    );
  }
  if (c.overdue !== null) {
    const overdue = `(overdue_step OR (due_counts AND COALESCE(due_at < ${param(c.now)}::timestamptz, false)))`;
    where.push(c.overdue ? overdue : `NOT ${overdue}`);
  }
  if (c.cursor) {
    const at = param(c.cursor.receivedAt);
    where.push(
      `(received_at < ${at}::timestamptz OR (received_at = ${at}::timestamptz AND stream > ${param(c.cursor.stream)}))`,
    );
  }
  return { where, params };
}

function toItem(row: DossierListRow, nowMs: number): DossierListItem {
  return {
    code: row.code,
    intakeRef: row.intakeRef,
    procedureCode: row.procedureCode,
    procedureVersion: row.procedureVersion,
    status: row.status,
    receivingUnitCode: row.receivingUnitCode,
    receivedAt: row.receivedAt,
    dueAt: row.dueAt,
    appointmentAt: row.appointmentAt,
    leadAgencyCode: row.leadAgencyCode,
    holders: row.holders,
    overdue: isOverdueAt(row, nowMs),
    overdueSteps: row.overdueSteps,
    clockPaused: isClockStopped(row),
    lateResponsibleAgencyCodes: row.lateResponsibleAgencyCodes,
    apologies: row.apologies ?? [],
    resultReadyAt: row.resultReadyAt,
    resultOutcome: row.resultOutcome,
    returnedAt: row.returnedAt,
  };
}
