import { Controller, Get, Param, Query as QueryParam } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { QueryBus } from '@nestjs/cqrs';
import {
  Allow,
  CurrentPrincipal,
  PersonalDataRead,
  requirePrincipal,
  type Principal,
} from '@lien-thong/access';
import { DossierAccess } from '../shared/dossier-access.service';
import { integer } from '../shared/query-params';
import type { DossierAsOfView } from './dossier-as-of.response.dto';
import { GetDossierAsOf } from './get-dossier-as-of.query';

/** Time travel: the dossier as it stood then (staff view, with the applicant's vault reference). */
@ApiTags('dossiers (tracing)')
@Controller()
export class DossierAsOfHttpController {
  constructor(
    private readonly queries: QueryBus,
    private readonly access: DossierAccess,
  ) {}

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
}
