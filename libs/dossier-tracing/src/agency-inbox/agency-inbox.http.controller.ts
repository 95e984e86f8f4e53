import { Controller, Get, Inject, Param, Query as QueryParam, Sse, type MessageEvent } from '@nestjs/common';
import { Observable } from 'rxjs';
import { ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { QueryBus } from '@nestjs/cqrs';
import { Allow, CurrentPrincipal, OwnAgency, requirePrincipal, type Principal } from '@lien-thong/access';
import { CLOCK, type Clock } from '@lien-thong/contracts';
import { vietnamIso } from '@lien-thong/dossiers';
import { bool, integer, rejectUnknown } from '../shared/query-params';
import type { AgencyInboxPage } from './agency-inbox.response.dto';
import { ListAgencyInbox } from './list-agency-inbox.query';
import { InboxChanges } from './inbox-changes';

/** A stream ends after this long: the console opens another with its current token. */
const STREAM_MAX_MS = 5 * 60_000;
/** A `ping` event this often keeps proxies from closing a quiet stream. */
const KEEP_ALIVE_MS = 25_000;

/** An agency's inbox (hộp việc): the steps it holds now. The agency named is the caller's own. */
@ApiTags('dossiers (tracing)')
@Controller()
export class AgencyInboxHttpController {
  constructor(
    private readonly queries: QueryBus,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly changes: InboxChanges,
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

  @Allow('agency-officer', 'agency-head', 'auditor', 'administrator')
  @OwnAgency('agencyCode')
  @Sse('agencies/:agencyCode/inbox/changes')
  @ApiProduces('text/event-stream')
  @ApiOperation({
    summary:
      "The agency inbox's changes as server-sent events: `ready` at once, then `inbox-changed` each time a step arrives at, leaves or changes in the agency's inbox (read the inbox again then); the stream ends after 5 minutes (open another with a current token)",
  })
  inboxChanges(
    @Param('agencyCode') agencyCode: string,
    @CurrentPrincipal() by?: Principal,
  ): Observable<MessageEvent> {
    const release = this.changes.open(requirePrincipal(by).personId);
    return new Observable<MessageEvent>((subscriber) => {
      subscriber.next({ type: 'ready', data: { agencyCode } });
      const stop = this.changes.watch(
        agencyCode,
        () => subscriber.next({ type: 'inbox-changed', data: { agencyCode } }),
        () => subscriber.complete(),
      );
      const keepAlive = setInterval(() => subscriber.next({ type: 'ping', data: {} }), KEEP_ALIVE_MS);
      const end = setTimeout(() => subscriber.complete(), STREAM_MAX_MS);
      return () => {
        stop();
        clearInterval(keepAlive);
        clearTimeout(end);
        release();
      };
    });
  }
}
