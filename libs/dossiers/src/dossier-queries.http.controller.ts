import {
  Allow,
  CurrentPrincipal,
  OwnAgency,
  PersonalDataRead,
  Public,
  requirePrincipal,
  type Principal,
} from '@lien-thong/access';
import { DossierAccess, unitMismatch } from './application/dossier-access.service';
import { Controller, Get, Inject, Param, Query as QueryParam, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { PublicLookupMisses } from './application/public-lookup-misses';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { QueryBus } from '@nestjs/cqrs';
import { CLOCK, DomainError, type Clock } from '@lien-thong/contracts';
import { vietnamIso } from './application/instants';
import { isProvinceWide, type DossierStatus } from './domain/index';
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
import {
  type ApplicantDetails,
  PERSONAL_DATA_VAULT,
  type PersonalDataVault,
} from '@lien-thong/personal-data';

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
    private readonly access: DossierAccess,
    private readonly lookupMisses: PublicLookupMisses,
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
  async timeline(@Param('code') code: string, @CurrentPrincipal() who?: Principal): Promise<DossierTimeline> {
    await this.access.assertMayReadDossier(code, requirePrincipal(who), 'follow');
    return this.queries.execute(new GetDossierTimeline(code));
  }

  @Allow('reception-officer', 'agency-officer', 'agency-head', 'auditor', 'administrator')
  @Get('dossiers/:code/control-slip')
  @ApiOperation({ summary: 'Control slip (form 06 data): one row per handoff, early / on time / late' })
  async controlSlip(@Param('code') code: string, @CurrentPrincipal() who?: Principal): Promise<ControlSlip> {
    await this.access.assertMayReadDossier(code, requirePrincipal(who), 'follow');
    return this.queries.execute(new GetControlSlip(code));
  }

  @Allow('reception-officer', 'auditor', 'administrator')
  @PersonalDataRead()
  @Get('dossiers/:code/as-of')
  @ApiOperation({ summary: 'Time travel: the dossier as it stood after a revision or at an instant' })
  @ApiQuery({ name: 'revision', required: false })
  @ApiQuery({ name: 'instant', required: false, example: '2026-11-23T10:00:00+07:00' })
  async asOf(
    @Param('code') code: string,
    @CurrentPrincipal() who?: Principal,
    @QueryParam('revision') revision?: string,
    @QueryParam('instant') instant?: string,
  ): Promise<DossierAsOfView> {
    await this.access.assertMayReadDossier(code, requirePrincipal(who), 'personal-data');
    return this.queries.execute(
      new GetDossierAsOf(code, {
        ...(revision !== undefined ? { revision: integer('revision', revision) } : {}),
        ...(instant !== undefined ? { instant } : {}),
      }),
    );
  }

  @Allow('reception-officer', 'auditor', 'administrator')
  @PersonalDataRead()
  @Get('register')
  @ApiOperation({ summary: 'Dossier register (form 07 data) for a period, optionally one receiving unit' })
  @ApiQuery({ name: 'from', required: true, example: '2026-11-01T00:00:00+07:00' })
  @ApiQuery({ name: 'to', required: true, example: '2026-12-01T00:00:00+07:00' })
  @ApiQuery({ name: 'unit', required: false })
  async register(
    @CurrentPrincipal() who: Principal | undefined,
    @QueryParam('from') from: string,
    @QueryParam('to') to: string,
    @QueryParam('unit') unit?: string,
    @QueryParam('limit') limit?: string,
    @QueryParam('offset') offset?: string,
  ): Promise<RegisterView> {
    const unitCode = this.access.registerUnit(requirePrincipal(who), unit || undefined);
    const page = await this.queries.execute(
      new ListRegister({
        from,
        to,
        ...(unitCode !== undefined ? { unitCode } : {}),
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
  @ApiOperation({
    summary:
      'Public lookup by dossier code and the lookup key printed on the receipt: status, steps done, due date; no personal data. Misses are throttled per address',
  })
  @ApiQuery({ name: 'key', required: true, example: '7K3QD-9XHM2', description: 'Mã tra cứu (form 01)' })
  async publicLookup(
    @Param('code') code: string,
    @QueryParam() q: Record<string, string | undefined>,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<PublicDossierStatus> {
    rejectUnknown(q, ['key']);
    if (!q.key)
      throw new DomainError(
        'validation',
        'LOOKUP_KEY_REQUIRED',
        'The public lookup needs the lookup key printed on the receipt: GET /public/dossiers/<code>?key=<key>',
        'Cần nhập mã tra cứu in trên giấy tiếp nhận hồ sơ',
        [{ path: 'key', code: 'REQUIRED', message: 'the lookup key printed on form 01' }],
      );
    const address = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    this.lookupMisses.assertMayTry(address, res);
    try {
      return await this.queries.execute(new PublicDossierLookup(code, q.key));
    } catch (error) {
      if (error instanceof DomainError && error.kind === 'not-found') this.lookupMisses.miss(address);
      throw error;
    }
  }
}
