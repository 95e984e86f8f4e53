import { Controller, Get, Inject, Param, Query as QueryParam } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { QueryBus } from '@nestjs/cqrs';
import { Allow, OwnAgency } from '@lien-thong/access';
import { CLOCK, type Clock } from '@lien-thong/contracts';
import { vietnamIso } from '@lien-thong/dossiers';
import { bool, integer, rejectUnknown } from '../shared/query-params';
import type { AgencyInboxPage } from './agency-inbox.response.dto';
import { ListAgencyInbox } from './list-agency-inbox.query';

/** An agency's inbox (hộp việc): the steps it holds now. The agency named is the caller's own. */
@ApiTags('dossiers (tracing)')
@Controller()
export class AgencyInboxHttpController {
  constructor(
    private readonly queries: QueryBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Allow('agency-officer', 'agency-head', 'auditor', 'administrator')
  @OwnAgency('agencyCode')
  @Get('agencies/:agencyCode/inbox')
  @ApiOperation({
    summary:
      "An agency's inbox (hộp việc): the steps it holds now, soonest deadline first, and the open dossiers escalated to it",
  })
  @ApiQuery({ name: 'dueBefore', required: false, description: 'ISO 8601 instant with an offset' })
  @ApiQuery({ name: 'overdue', required: false, enum: ['true', 'false'] })
  @ApiQuery({ name: 'accepted', required: false, enum: ['true', 'false'] })
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'offset', required: false })
  inbox(
    @Param('agencyCode') agencyCode: string,
    @QueryParam() q: Record<string, string | undefined>,
  ): Promise<AgencyInboxPage> {
    const known = ['dueBefore', 'overdue', 'accepted', 'limit', 'offset'];
    rejectUnknown(q, known);
    return this.queries.execute(
      new ListAgencyInbox({
        agencyCode,
        now: vietnamIso(this.clock.now()),
        ...(q.dueBefore !== undefined ? { dueBefore: q.dueBefore } : {}),
        ...(q.overdue !== undefined ? { overdue: bool('overdue', q.overdue) } : {}),
        ...(q.accepted !== undefined ? { accepted: bool('accepted', q.accepted) } : {}),
        ...(q.limit !== undefined ? { limit: integer('limit', q.limit) } : {}),
        ...(q.offset !== undefined ? { offset: integer('offset', q.offset) } : {}),
      }),
    );
  }
}
