import { ANY_ROLE, Allow, CurrentPrincipal, requirePrincipal, type Principal } from '@lien-thong/access';
import { Body, Controller, Get, HttpCode, Inject, NotFoundException, Param, Post } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CommandBus } from '@nestjs/cqrs';
import { ID_GENERATOR, type IdGenerator } from '@lien-thong/contracts';
import { ImportAgencies, type ImportAgenciesResult } from './commands/import-agencies.command';
import { DeactivateAgency, ReissueAgencyCode } from './commands/agency-lifecycle.commands';
import { DeactivateAgencyRequestDto, ReissueAgencyCodeRequestDto } from './agency-lifecycle.request.dto';
import { AGENCY_DIRECTORY, type AgencyDirectory, type AgencySummary } from './domain/agency-directory';

@ApiTags('agencies')
@Controller('agencies')
export class AgenciesHttpController {
  constructor(
    private readonly commands: CommandBus,
    @Inject(AGENCY_DIRECTORY) private readonly directory: AgencyDirectory,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
  ) {}

  @Allow('administrator')
  @Post('import')
  @ApiOperation({
    summary: 'Import an agency file: all valid, or 400 listing every problem and nothing written',
  })
  @ApiBody({
    schema: {
      type: 'object',
      example: {
        agencies: [
          {
            code: '000.00.72.H29',
            name: { vi: 'Công an phường Sài Gòn', en: 'Sai Gon Ward Police' },
            level: 'commune',
            roles: ['commune-police'],
            head: { name: 'Nguyễn Văn A', title: 'Trưởng Công an phường' },
          },
        ],
      },
    },
  })
  import(
    @Body() file: Record<string, unknown>,
    @CurrentPrincipal() by?: Principal,
  ): Promise<ImportAgenciesResult> {
    return this.commands.execute(
      new ImportAgencies(file, 'http-import', requirePrincipal(by).personId, this.ids.newId()),
    );
  }

  @Allow(...ANY_ROLE)
  @Get()
  @ApiOperation({ summary: 'Every active agency' })
  async list(): Promise<readonly AgencySummary[]> {
    return (await this.directory.snapshot()).list();
  }

  @Allow(...ANY_ROLE)
  @Get(':code')
  @ApiOperation({ summary: 'One active agency by its code' })
  async get(@Param('code') code: string): Promise<AgencySummary> {
    const agency = (await this.directory.snapshot()).get(code);
    if (!agency) throw new NotFoundException(`No active agency with code ${code}`);
    return agency;
  }

  @Allow('administrator')
  @Post(':code/reissue')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Reissue an agency code (e.g. provinces merged): the agency continues under the new code',
  })
  reissue(
    @Param('code') code: string,
    @Body() body: ReissueAgencyCodeRequestDto,
    @CurrentPrincipal() by?: Principal,
  ) {
    return this.commands.execute(
      new ReissueAgencyCode(code, body.newCode, body.reason, requirePrincipal(by).personId, this.ids.newId()),
    );
  }

  @Allow('administrator')
  @Post(':code/deactivate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Deactivate an agency' })
  deactivate(
    @Param('code') code: string,
    @Body() body: DeactivateAgencyRequestDto,
    @CurrentPrincipal() by?: Principal,
  ) {
    return this.commands.execute(
      new DeactivateAgency(code, body.reason, requirePrincipal(by).personId, this.ids.newId()),
    );
  }
}
