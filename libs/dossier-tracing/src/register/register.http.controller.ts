import { Controller, Get, Inject, Query as QueryParam } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { QueryBus } from '@nestjs/cqrs';
import {
  Allow,
  CurrentPrincipal,
  PersonalDataRead,
  requirePrincipal,
  type Principal,
} from '@lien-thong/access';
import {
  PERSONAL_DATA_VAULT,
  type ApplicantDetails,
  type PersonalDataVault,
} from '@lien-thong/personal-data';
import { DossierAccess } from '../shared/dossier-access.service';
import { integer } from '../shared/query-params';
import { ListRegister } from './list-register.query';
import type { RegisterEntry } from './register.response.dto';

export type RegisterLine = Omit<RegisterEntry, 'applicantRef'> & { applicant: ApplicantDetails | 'erased' };
export interface RegisterView {
  readonly items: readonly RegisterLine[];
  readonly nextOffset: number | null;
}

/** The register's data (form 07) of the caller's unit, with the applicants: a staff document. */
@ApiTags('dossiers (tracing)')
@Controller()
export class RegisterHttpController {
  constructor(
    private readonly queries: QueryBus,
    private readonly access: DossierAccess,
    @Inject(PERSONAL_DATA_VAULT) private readonly vault: PersonalDataVault,
  ) {}

  @Allow('reception-officer', 'auditor', 'administrator')
  @PersonalDataRead()
  @Get('register')
  @ApiOperation({ summary: 'Dossier register (form 07 data) for a period, optionally one receiving unit' })
  @ApiQuery({ name: 'from', required: true, example: '2026-11-01T00:00:00+07:00' })
  @ApiQuery({ name: 'to', required: true, example: '2026-12-01T00:00:00+07:00' })
  @ApiQuery({ name: 'unit', required: false })
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'offset', required: false })
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
}
