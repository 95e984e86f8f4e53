import { Allow, OwnAgency, Public } from '@lien-thong/infrastructure';
import { Controller, Get, Inject, Param, Query as QueryParam } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { QueryBus } from '@nestjs/cqrs';
import { CLOCK, DomainError, type Clock } from '@lien-thong/contracts';
import { vietnamIso } from './application/instants';
import {
  PERSONAL_DATA_VAULT,
  type ApplicantDetails,
  type DossierStatus,
  type PersonalDataVault,
} from './domain/index';
import {
  GetControlSlip,
  GetDossierAsOf,
  GetDossierTimeline,
  ListAgencyInbox,
  ListDossiers,
  ListRegister,
  PublicDossierLookup,
  type ControlSlip,
  type DossierAsOfView,
  type AgencyInboxPage,
  type DossierListPage,
  type DossierTimeline,
  type PublicDossierStatus,
  type RegisterEntry,
} from './queries/index';

export type RegisterLine = Omit<RegisterEntry, 'applicantRef'> & { applicant: ApplicantDetails | 'erased' };
export interface RegisterView {
  readonly items: readonly RegisterLine[];
  readonly nextOffset: number | null;
}

function integer(name: string, value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (!/^-?\d+$/.test(value))
    throw new DomainError(
      'validation',
      'QUERY_PARAMETER_INVALID',
      `${name} must be a whole number, got "${value}"`,
      `Tham số ${name} phải là số nguyên`,
      [{ path: name, code: 'INTEGER', message: 'a whole number' }],
    );
  return Number(value);
}

/** A misspelt filter must not silently return everything: unknown query parameters are a 400. */
function rejectUnknown(q: Record<string, string | undefined>, known: readonly string[]): void {
  const unknown = Object.keys(q).filter((k) => !known.includes(k));
  if (unknown.length > 0)
    throw new DomainError(
      'validation',
      'QUERY_PARAMETER_UNKNOWN',
      `Unknown query parameter(s): ${unknown.join(', ')} (known: ${known.join(', ')})`,
      `Tham số không hợp lệ: ${unknown.join(', ')}`,
    );
}

function bool(name: string, value: string | undefined): boolean | undefined {
  if (value === undefined || value === '') return undefined;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new DomainError(
    'validation',
    'QUERY_PARAMETER_INVALID',
    `${name} must be true or false, got "${value}"`,
    `Tham số ${name} phải là true hoặc false`,
    [{ path: name, code: 'BOOLEAN', message: 'true or false' }],
  );
}

/**
 * Tracing a dossier (officials, inspectors, the applicant): the list, the timeline, the control slip
 * (form 06 data), the register (form 07 data), time travel, and the public lookup. Read models are
 * projections kept by the worker, so they follow the event store within moments.
 */
@ApiTags('dossiers (tracing)')
@Controller()
export class DossierQueriesHttpController {
  constructor(
    private readonly queries: QueryBus,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(PERSONAL_DATA_VAULT) private readonly vault: PersonalDataVault,
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
  list(@QueryParam() q: Record<string, string | undefined>): Promise<DossierListPage> {
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
    return this.queries.execute(
      new ListDossiers({
        now: vietnamIso(this.clock.now()),
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

  @Allow('agency-officer', 'agency-head', 'auditor', 'administrator')
  @OwnAgency('agencyCode')
  @Get('agencies/:agencyCode/inbox')
  @ApiOperation({
    summary: "An agency's inbox (hộp việc): the steps it holds now, soonest deadline first",
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

  @Allow('reception-officer', 'agency-officer', 'agency-head', 'auditor', 'administrator')
  @Get('dossiers/:code/timeline')
  @ApiOperation({ summary: 'Every event of the dossier, in order, with actor and time' })
  timeline(@Param('code') code: string): Promise<DossierTimeline> {
    return this.queries.execute(new GetDossierTimeline(code));
  }

  @Allow('reception-officer', 'agency-officer', 'agency-head', 'auditor', 'administrator')
  @Get('dossiers/:code/control-slip')
  @ApiOperation({ summary: 'Control slip (form 06 data): one row per handoff, early / on time / late' })
  controlSlip(@Param('code') code: string): Promise<ControlSlip> {
    return this.queries.execute(new GetControlSlip(code));
  }

  @Allow('reception-officer', 'auditor', 'administrator')
  @Get('dossiers/:code/as-of')
  @ApiOperation({ summary: 'Time travel: the dossier as it stood after a revision or at an instant' })
  @ApiQuery({ name: 'revision', required: false })
  @ApiQuery({ name: 'instant', required: false, example: '2026-11-23T10:00:00+07:00' })
  asOf(
    @Param('code') code: string,
    @QueryParam('revision') revision?: string,
    @QueryParam('instant') instant?: string,
  ): Promise<DossierAsOfView> {
    return this.queries.execute(
      new GetDossierAsOf(code, {
        ...(revision !== undefined ? { revision: integer('revision', revision) } : {}),
        ...(instant !== undefined ? { instant } : {}),
      }),
    );
  }

  @Allow('reception-officer', 'auditor', 'administrator')
  @Get('register')
  @ApiOperation({ summary: 'Dossier register (form 07 data) for a period, optionally one receiving unit' })
  @ApiQuery({ name: 'from', required: true, example: '2026-11-01T00:00:00+07:00' })
  @ApiQuery({ name: 'to', required: true, example: '2026-12-01T00:00:00+07:00' })
  @ApiQuery({ name: 'unit', required: false })
  async register(
    @QueryParam('from') from: string,
    @QueryParam('to') to: string,
    @QueryParam('unit') unit?: string,
    @QueryParam('limit') limit?: string,
    @QueryParam('offset') offset?: string,
  ): Promise<RegisterView> {
    const page = await this.queries.execute(
      new ListRegister({
        from,
        to,
        ...(unit ? { unitCode: unit } : {}),
        ...(limit !== undefined ? { limit: integer('limit', limit) } : {}),
        ...(offset !== undefined ? { offset: integer('offset', offset) } : {}),
      }),
    );
    return { ...page, items: await Promise.all(page.items.map((entry) => this.withApplicant(entry))) };
  }

  /** The register is a staff document: it prints the applicant, opened from the vault (or "erased"). */
  private async withApplicant(entry: RegisterEntry): Promise<RegisterLine> {
    const { applicantRef, ...rest } = entry;
    const applicant = entry.applicantDataErased ? 'erased' : await this.vault.open(applicantRef);
    return { ...rest, applicant };
  }

  @Public()
  @Get('public/dossiers/:code')
  @ApiTags('public')
  @ApiOperation({ summary: 'Public lookup by dossier code: status, steps done, due date; no personal data' })
  publicLookup(@Param('code') code: string): Promise<PublicDossierStatus> {
    return this.queries.execute(new PublicDossierLookup(code));
  }
}
