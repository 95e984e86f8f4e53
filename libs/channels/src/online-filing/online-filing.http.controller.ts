import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiHeader, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import {
  Allow,
  CurrentPrincipal,
  PersonalDataRead,
  Public,
  assertActsFor,
  requirePrincipal,
  type Principal,
} from '@lien-thong/access';
import { DomainError } from '@lien-thong/contracts';
import {
  applicantDetailsOf,
  supplementItemOf,
  type IntakeOutcomeView,
  type ReceiptView,
} from '@lien-thong/dossiers';
import {
  FileUploads,
  KNOWN_FILE_TYPES,
  PUBLIC_UPLOADS_OWNER,
  uploadFromRequest,
  type UploadedFile,
} from '@lien-thong/files';
import { channelError, listedUnit } from '../channels-errors';
import {
  FilingAcceptRequestDto,
  FilingRefusalRequestDto,
  FilingSupplementRequestDto,
  OnlineFilingRequestDto,
} from './online-filing.request.dto';
import {
  OnlineFilings,
  type FiledView,
  type FilingOptions,
  type FilingStatusView,
  type WaitingFiling,
} from './online-filings';
import { PublicFilingLimits } from './public-filing-limits';

function addressOf(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}

/**
 * Online filing (nộp hồ sơ trực tuyến, issue 24): what the applicant does without an account (upload,
 * file, follow the filing with its reference and lookup key), and the desk's queue and decisions.
 */
@ApiTags('channels')
@Controller()
export class OnlineFilingHttpController {
  constructor(
    private readonly filings: OnlineFilings,
    private readonly uploads: FileUploads,
    private readonly limits: PublicFilingLimits,
  ) {}

  @Public()
  @Post('public/files')
  @HttpCode(201)
  @ApiTags('public')
  @ApiOperation({
    summary: 'An applicant uploads a document to file online (the body is the file); answers its id',
    description:
      'As POST /files: the body is the file, its Content-Type its media type (checked against its first bytes), its ' +
      "name in Content-Disposition (attachment; filename*=UTF-8''<percent-encoded name>); 413 over the size limit, " +
      '415 for a type not accepted. The id goes in the filing (POST /public/filings); an upload never filed is ' +
      'removed after LIEN_THONG_FILE_RETENTION_HOURS. Uploads and filings are limited per address (429).',
  })
  @ApiConsumes(...KNOWN_FILE_TYPES)
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiHeader({
    name: 'Content-Disposition',
    required: true,
    example: "attachment; filename*=UTF-8''gi%E1%BA%A5y-khai-sinh.pdf",
  })
  upload(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<UploadedFile> {
    try {
      this.limits.write(addressOf(req), res);
    } catch (error) {
      // The body is left unread: the connection closes once the answer is sent.
      res.setHeader('Connection', 'close');
      throw error;
    }
    return uploadFromRequest(this.uploads, req, res, {
      personId: 'applicant',
      agencyCode: PUBLIC_UPLOADS_OWNER,
    });
  }

  @Public()
  @Post('public/filings')
  @HttpCode(201)
  @ApiTags('public')
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'A retry of the same filing with the same key answers the first filing',
  })
  @ApiOperation({
    summary:
      'An applicant files a dossier online: answers the filing reference and the lookup key (keep both); the desk then accepts it, asks for a supplement or refuses it',
  })
  async file(
    @Body() body: OnlineFilingRequestDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<FiledView> {
    this.limits.write(addressOf(req), res);
    return this.filings.file(
      {
        procedureCode: body.procedureCode,
        receivingUnitCode: body.receivingUnitCode,
        applicant: applicantDetailsOf(body.applicant),
        ...(body.applicantCommuneCode !== undefined
          ? { applicantCommuneCode: body.applicantCommuneCode }
          : {}),
        documents: body.documents.map((d) => ({
          code: d.code,
          copies: d.copies,
          ...(d.original !== undefined ? { original: d.original } : {}),
          ...(d.files ? { files: d.files } : {}),
        })),
      },
      idempotencyKey?.trim() || undefined,
    );
  }

  @Public()
  @Get('public/intake-options')
  @ApiTags('public')
  @ApiOperation({
    summary:
      'What an applicant may do alone: the procedures in force filed online (channels has online) or picked up at home by post (post), with the documents they ask for, and the receiving units',
  })
  options(): Promise<FilingOptions> {
    return this.filings.options();
  }

  @Public()
  @Get('public/filings/:filingRef')
  @ApiTags('public')
  @ApiQuery({
    name: 'key',
    required: true,
    example: '7K3QD-9XHM2',
    description: 'Mã tra cứu given at filing',
  })
  @ApiOperation({
    summary:
      "A filing's status by its reference and lookup key: waiting, accepted (with the dossier's code), supplement requested (form 02's list) or refused; no personal data. Misses are throttled per address",
  })
  async status(
    @Param('filingRef') filingRef: string,
    @Query('key') key: string | undefined,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<FilingStatusView> {
    if (!key)
      throw channelError(
        'FILING_KEY_REQUIRED',
        'The lookup needs the key given at filing: GET /public/filings/<reference>?key=<key>',
        'Cần nhập mã tra cứu được cấp khi nộp hồ sơ',
        [{ path: 'key', code: 'REQUIRED', message: 'the lookup key given at filing' }],
      );
    const address = addressOf(req);
    this.limits.assertMayLookUp(address, res);
    try {
      return await this.filings.status(filingRef, key);
    } catch (error) {
      if (error instanceof DomainError && error.kind === 'not-found') this.limits.miss(address);
      throw error;
    }
  }

  @Allow('reception-officer', 'administrator')
  @PersonalDataRead()
  @Get('channels/online/filings')
  @ApiQuery({ name: 'unit', required: false, description: 'Receiving unit (a desk sees only its own)' })
  @ApiOperation({
    summary: 'Dossiers filed online for a unit that its desk has not decided yet, oldest first',
  })
  async waiting(
    @Query('unit') unit?: string,
    @CurrentPrincipal() who?: Principal,
  ): Promise<{ items: WaitingFiling[] }> {
    const principal = requirePrincipal(who);
    const asked = listedUnit(principal, unit);
    return { items: await this.filings.waiting(asked) };
  }

  @Allow('reception-officer')
  @Post('channels/online/filings/:filingRef/accept')
  @HttpCode(201)
  @ApiOperation({
    summary:
      'Accept a filing: the dossier code, appointment and form 01, as at the counter; the applicant keeps the lookup key given at filing. Accepting again answers the same dossier',
  })
  async accept(
    @Param('filingRef') filingRef: string,
    @Body() body: FilingAcceptRequestDto,
    @CurrentPrincipal() who?: Principal,
  ): Promise<ReceiptView> {
    const principal = await this.deskFor(filingRef, who);
    return this.filings.accept(filingRef, principal.personId, {
      ...(body.stepOwners ? { stepOwners: body.stepOwners } : {}),
      ...(body.collectAtUnitCode ? { collectAtUnitCode: body.collectAtUnitCode } : {}),
    });
  }

  @Allow('reception-officer')
  @Post('channels/online/filings/:filingRef/supplement-request')
  @HttpCode(201)
  @ApiOperation({ summary: 'Ask the applicant, once and completely, for what is missing (form 02)' })
  async requestSupplement(
    @Param('filingRef') filingRef: string,
    @Body() body: FilingSupplementRequestDto,
    @CurrentPrincipal() who?: Principal,
  ): Promise<IntakeOutcomeView> {
    const principal = await this.deskFor(filingRef, who);
    return this.filings.requestSupplement(
      filingRef,
      principal.personId,
      body.items.map(supplementItemOf),
      body.reason,
    );
  }

  @Allow('reception-officer')
  @Post('channels/online/filings/:filingRef/refusal')
  @HttpCode(201)
  @ApiOperation({ summary: 'Refuse a filing, with written reasons (form 03)' })
  async refuse(
    @Param('filingRef') filingRef: string,
    @Body() body: FilingRefusalRequestDto,
    @CurrentPrincipal() who?: Principal,
  ): Promise<IntakeOutcomeView> {
    const principal = await this.deskFor(filingRef, who);
    return this.filings.refuse(filingRef, principal.personId, body.reasons);
  }

  /** Only the desk of the filing's receiving unit decides on it. */
  private async deskFor(filingRef: string, who: Principal | undefined): Promise<Principal> {
    const principal = requirePrincipal(who);
    const filing = await this.filings.forDesk(filingRef);
    assertActsFor(principal, filing.receivingUnitCode);
    return principal;
  }
}
