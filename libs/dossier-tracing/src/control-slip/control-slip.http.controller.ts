import { Controller, Get, Param } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { QueryBus } from '@nestjs/cqrs';
import { Allow, CurrentPrincipal, requirePrincipal, type Principal } from '@lien-thong/access';
import { DossierAccess } from '../shared/dossier-access.service';
import type { ControlSlip } from './control-slip.response.dto';
import { GetControlSlip } from './get-control-slip.query';

/** The control slip's data (form 06), for those who may follow the dossier. */
@ApiTags('dossiers (tracing)')
@Controller()
export class ControlSlipHttpController {
  constructor(
    private readonly queries: QueryBus,
    private readonly access: DossierAccess,
  ) {}

  @Allow('reception-officer', 'agency-officer', 'agency-head', 'auditor', 'administrator')
  @Get('dossiers/:code/control-slip')
  @ApiOperation({ summary: 'Control slip (form 06 data): one row per handoff, early / on time / late' })
  async controlSlip(@Param('code') code: string, @CurrentPrincipal() who?: Principal): Promise<ControlSlip> {
    await this.access.assertMayReadDossier(code, requirePrincipal(who), 'follow');
    return this.queries.execute(new GetControlSlip(code));
  }
}
