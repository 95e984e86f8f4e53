import { ANY_ROLE, Allow, CurrentPrincipal, requirePrincipal, type Principal } from '@lien-thong/access';
import {
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  Inject,
  Param,
  ParseIntPipe,
  Post,
  Put,
  Query as QueryParam,
  StreamableFile,
} from '@nestjs/common';
import { ApiBody, ApiOperation, ApiProduces, ApiTags, ApiQuery } from '@nestjs/swagger';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ID_GENERATOR, type IdGenerator } from '@lien-thong/contracts';
import { AGENCY_DIRECTORY, type AgencyDirectory } from '@lien-thong/agencies';
import type { ProcedureDefinition } from './domain/procedure-definition';
import { exportProcedureBpmn } from './rendering/procedure-bpmn';
import { renderProcedureSvg } from './rendering/procedure-svg';
import { svgToPng } from './rendering/procedure-png';
import { ListProcedures, type CatalogueEntry } from './queries/procedure-catalogue';
import {
  CreateProcedureDraft,
  DeprecateProcedureVersion,
  EditProcedureDraft,
  PublishProcedureVersion,
  type DesignResult,
} from './commands/design-procedure.commands';
import { DeprecateVersionRequestDto } from './commands/deprecate-version.request.dto';
import {
  DiffProcedureVersions,
  GetProcedure,
  GetProcedureVersion,
  ValidateProcedureDraft,
} from './queries/procedure-design.queries';

const definitionExample = {
  code: '1.001193',
  name: { vi: 'Liên thông đăng ký khai sinh, đăng ký thường trú, cấp thẻ BHYT cho trẻ em dưới 6 tuổi' },
  field: 'Hộ tịch',
  ruleSet: 'decree-118-2025',
  statutoryLimit: { unit: 'workingDays', amount: 3 },
  countingRule: 'civil-code',
  requiredDocuments: [{ code: 'to-khai', name: { vi: 'Tờ khai' }, copies: 1, original: true }],
  intakeChannels: ['online', 'national-portal', 'counter'],
  supplementPolicy: 'pause',
  maxReappointments: 1,
  steps: [
    {
      id: 'register-birth',
      name: { vi: 'Đăng ký khai sinh' },
      kind: 'process',
      owner: { role: 'commune-people-committee', of: 'applicant-commune' },
      budget: { unit: 'workingDays', amount: 1 },
      after: [],
    },
    {
      id: 'return',
      name: { vi: 'Trả kết quả' },
      kind: 'return-result',
      owner: { role: 'commune-people-committee', of: 'receiving-unit' },
      budget: { unit: 'workingDays', amount: 0.5 },
      after: ['register-birth'],
    },
  ],
};

/** The procedure designer API: drafts, validation, immutable published versions, deprecation, diffs. */
@ApiTags('procedures (designers)')
@Controller('procedures')
export class ProceduresHttpController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
    @Inject(AGENCY_DIRECTORY) private readonly agencies: AgencyDirectory,
  ) {}

  @Allow('procedure-designer', 'administrator')
  @Post()
  @ApiOperation({ summary: 'Create the draft of a new procedure (coordination rule)' })
  @ApiBody({ schema: { type: 'object', example: definitionExample } })
  create(
    @Body() definition: Record<string, unknown>,
    @CurrentPrincipal() by?: Principal,
  ): Promise<DesignResult> {
    return this.commands.execute(
      new CreateProcedureDraft(definition, requirePrincipal(by).personId, this.ids.newId()),
    );
  }

  @Allow('procedure-designer', 'administrator')
  @Put(':code/draft')
  @ApiOperation({ summary: 'Replace the draft with a complete definition' })
  @ApiBody({ schema: { type: 'object', example: definitionExample } })
  edit(
    @Param('code') code: string,
    @Body() definition: Record<string, unknown>,
    @CurrentPrincipal() by?: Principal,
  ): Promise<DesignResult> {
    return this.commands.execute(
      new EditProcedureDraft(code, definition, requirePrincipal(by).personId, this.ids.newId()),
    );
  }

  @Allow('procedure-designer', 'administrator')
  @Post(':code/draft/validate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Check the draft: every problem with its step and path' })
  validate(@Param('code') code: string) {
    return this.queries.execute(new ValidateProcedureDraft(code));
  }

  @Allow('procedure-designer', 'administrator')
  @Post(':code/versions')
  @ApiOperation({
    summary: 'Publish the draft as a new immutable version (refused with every problem if invalid)',
  })
  publish(@Param('code') code: string, @CurrentPrincipal() by?: Principal): Promise<DesignResult> {
    return this.commands.execute(
      new PublishProcedureVersion(code, requirePrincipal(by).personId, this.ids.newId()),
    );
  }

  @Allow('procedure-designer', 'administrator')
  @Post(':code/versions/:version/deprecate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Deprecate a published version (dossiers in flight keep it)' })
  deprecate(
    @Param('code') code: string,
    @Param('version', ParseIntPipe) version: number,
    @Body() body: DeprecateVersionRequestDto,
    @CurrentPrincipal() by?: Principal,
  ): Promise<DesignResult> {
    return this.commands.execute(
      new DeprecateProcedureVersion(
        code,
        version,
        body.reason,
        requirePrincipal(by).personId,
        this.ids.newId(),
      ),
    );
  }

  @Allow(...ANY_ROLE)
  @Get()
  @ApiQuery({ name: 'field', required: false, description: 'Only the procedures of this field (lĩnh vực)' })
  @ApiOperation({
    summary: 'The catalogue: every procedure with its current version (?field= to filter by lĩnh vực)',
  })
  list(@QueryParam('field') field?: string): Promise<CatalogueEntry[]> {
    return this.queries.execute(new ListProcedures(field));
  }

  @Allow(...ANY_ROLE)
  @Get(':code')
  @ApiOperation({ summary: 'The draft and the list of published versions' })
  get(@Param('code') code: string) {
    return this.queries.execute(new GetProcedure(code));
  }

  @Allow(...ANY_ROLE)
  @Get(':code/versions/:version')
  @ApiOperation({ summary: 'One published version, exactly as published' })
  getVersion(@Param('code') code: string, @Param('version', ParseIntPipe) version: number) {
    return this.queries.execute(new GetProcedureVersion(code, version));
  }

  @Allow(...ANY_ROLE)
  @Get(':code/diff')
  @ApiOperation({ summary: 'What changed between two published versions' })
  diff(
    @Param('code') code: string,
    @QueryParam('from', ParseIntPipe) from: number,
    @QueryParam('to', ParseIntPipe) to: number,
  ) {
    return this.queries.execute(new DiffProcedureVersions(code, from, to));
  }

  @Allow(...ANY_ROLE)
  @Get(':code/versions/:version/diagram.svg')
  @ApiQuery({ name: 'lang', required: false, enum: ['vi', 'en'] })
  @Header('Content-Type', 'image/svg+xml; charset=utf-8')
  @ApiOperation({
    summary: 'The version as an SVG diagram (a lane per agency, budgets on the steps); ?lang=en for English',
  })
  async diagram(
    @Param('code') code: string,
    @Param('version', ParseIntPipe) version: number,
    @QueryParam('lang') lang?: string,
  ): Promise<string> {
    const definition: ProcedureDefinition = await this.queries.execute(
      new GetProcedureVersion(code, version),
    );
    const directory = await this.agencies.snapshot();
    return renderProcedureSvg(definition, {
      agencyName: (c) => directory.get(c)?.name.vi,
      language: lang === 'en' ? 'en' : 'vi',
    });
  }

  @Allow(...ANY_ROLE)
  @Get(':code/versions/:version/diagram.png')
  @ApiQuery({ name: 'lang', required: false, enum: ['vi', 'en'] })
  @Header('Content-Type', 'image/png')
  @ApiProduces('image/png')
  @ApiOperation({
    summary: 'The same diagram as a PNG image (twice the SVG size), for documents that take no SVG; ?lang=en',
  })
  async diagramPng(
    @Param('code') code: string,
    @Param('version', ParseIntPipe) version: number,
    @QueryParam('lang') lang?: string,
  ): Promise<StreamableFile> {
    return new StreamableFile(await svgToPng(await this.diagram(code, version, lang)));
  }

  @Allow(...ANY_ROLE)
  @Get(':code/versions/:version/bpmn')
  @Header('Content-Type', 'application/xml; charset=utf-8')
  @ApiOperation({ summary: 'The version as BPMN 2.0 XML (opens in bpmn-js and Camunda Modeler)' })
  async bpmn(@Param('code') code: string, @Param('version', ParseIntPipe) version: number): Promise<string> {
    const definition: ProcedureDefinition = await this.queries.execute(
      new GetProcedureVersion(code, version),
    );
    const directory = await this.agencies.snapshot();
    return exportProcedureBpmn(definition, (c) => directory.get(c)?.name.vi);
  }
}
