import { Controller, Get, Inject, Query as QueryParam } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { QueryBus } from '@nestjs/cqrs';
import { Allow, CurrentPrincipal, requirePrincipal, type Principal } from '@lien-thong/access';
import { CLOCK, type Clock } from '@lien-thong/contracts';
import { isProvinceWide, vietnamIso } from '@lien-thong/dossiers';
import { unitMismatch } from '../shared/dossier-access.service';
import { bool, integer, rejectUnknown } from '../shared/query-params';
import { ListDossiers } from './list-dossiers.query';
import type { DossierListPage } from './list-dossiers.response.dto';
import { type DossierStatus } from '@lien-thong/dossier-model';

/**
 * What of the list a caller sees: everything (administrators, provincial inspectors), or the dossiers of
 * its own desk (reception officers, auditors of a unit) and those its agency took part in (agency staff,
 * auditors of an agency). Naming another receiving unit than its own is a 403 for a desk-only caller.
 */
function listScope(
  caller: Principal,
  unit: string | undefined,
): { deskUnitCode?: string; participantAgencyCode?: string } | undefined {
  if (isProvinceWide(caller)) return undefined;
  const own = caller.agencyCode;
  const seesDesk = caller.roles.includes('reception-officer') || caller.roles.includes('auditor');
  const seesParticipation = caller.roles.some((r) =>
    ['agency-officer', 'agency-head', 'auditor'].includes(r),
  );
  if (unit && unit !== own && !seesParticipation) throw unitMismatch(caller, unit);
  if (own === null) return {};
  return {
    ...(seesDesk ? { deskUnitCode: own } : {}),
    ...(seesParticipation ? { participantAgencyCode: own } : {}),
  };
}

/** The dossier list: what the caller may see, with filters, newest first. */
@ApiTags('dossiers (tracing)')
@Controller()
export class ListDossiersHttpController {
  constructor(
    private readonly queries: QueryBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Allow('reception-officer', 'agency-officer', 'agency-head', 'auditor', 'administrator')
  @Get('dossiers')
  @ApiOperation({ summary: 'The dossier list with filters (newest first; cursor or offset paging)' })
  @ApiQuery({ name: 'status', required: false, description: 'One or more, comma-separated' })
  @ApiQuery({ name: 'procedure', required: false })
  @ApiQuery({ name: 'holder', required: false, description: 'Agency holding a step now' })
  @ApiQuery({ name: 'unit', required: false, description: 'Receiving unit' })
  @ApiQuery({ name: 'dueWithinHours', required: false })
  @ApiQuery({ name: 'overdue', required: false, enum: ['true', 'false'] })
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'cursor', required: false })
  @ApiQuery({ name: 'offset', required: false })
  list(
    @QueryParam() q: Record<string, string | undefined>,
    @CurrentPrincipal() who?: Principal,
  ): Promise<DossierListPage> {
    const known = [
      'status',
      'procedure',
      'holder',
      'unit',
      'dueWithinHours',
      'overdue',
      'limit',
      'cursor',
      'offset',
    ];
    rejectUnknown(q, known);
    const visibleTo = listScope(requirePrincipal(who), q.unit);
    return this.queries.execute(
      new ListDossiers({
        now: vietnamIso(this.clock.now()),
        ...(visibleTo ? { visibleTo } : {}),
        ...(q.status ? { status: q.status.split(',') as DossierStatus[] } : {}),
        ...(q.procedure ? { procedureCode: q.procedure } : {}),
        ...(q.holder ? { holderAgencyCode: q.holder } : {}),
        ...(q.unit ? { receivingUnitCode: q.unit } : {}),
        ...(q.dueWithinHours !== undefined ? { dueWithinHours: Number(q.dueWithinHours) } : {}),
        ...(q.overdue !== undefined ? { overdue: bool('overdue', q.overdue) } : {}),
        ...(q.limit !== undefined ? { limit: integer('limit', q.limit) } : {}),
        ...(q.cursor ? { cursor: q.cursor } : {}),
        ...(q.offset !== undefined ? { offset: integer('offset', q.offset) } : {}),
      }),
    );
  }
}
