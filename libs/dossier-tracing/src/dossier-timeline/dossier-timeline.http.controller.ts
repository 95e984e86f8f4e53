import { Controller, Get, Param } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { QueryBus } from '@nestjs/cqrs';
import { Allow, CurrentPrincipal, requirePrincipal, type Principal } from '@lien-thong/access';
import { DossierAccess } from '../shared/dossier-access.service';
import type { DossierTimeline } from './dossier-timeline.response.dto';
import { GetDossierTimeline } from './get-dossier-timeline.query';

/** Every event of a dossier, for those who may follow it. */
@ApiTags('dossiers (tracing)')
@Controller()
export class DossierTimelineHttpController {
  constructor(
    private readonly queries: QueryBus,
    private readonly access: DossierAccess,
  ) {}

  @Allow('reception-officer', 'agency-officer', 'agency-head', 'auditor', 'administrator')
  @Get('dossiers/:code/timeline')
  @ApiOperation({ summary: 'Every event of the dossier, in order, with actor and time' })
  async timeline(@Param('code') code: string, @CurrentPrincipal() who?: Principal): Promise<DossierTimeline> {
    await this.access.assertMayReadDossier(code, requirePrincipal(who), 'follow');
    return this.queries.execute(new GetDossierTimeline(code));
  }
}
