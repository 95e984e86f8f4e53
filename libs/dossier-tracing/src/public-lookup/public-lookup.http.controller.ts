import { tracingError } from '../shared/tracing-errors';
import { Controller, Get, Param, Query as QueryParam, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { QueryBus } from '@nestjs/cqrs';
import type { Request, Response } from 'express';
import { Public } from '@lien-thong/access';
import { DomainError } from '@lien-thong/contracts';
import { rejectUnknown } from '../shared/query-params';
import { PublicDossierLookup } from './public-dossier-lookup.query';
import type { PublicDossierStatus } from './public-dossier-lookup.response.dto';
import { PublicLookupMisses } from './public-lookup-misses';

/** What the applicant sees with the code and lookup key of the receipt: no token, no personal data. */
@ApiTags('dossiers (tracing)')
@Controller()
export class PublicLookupHttpController {
  constructor(
    private readonly queries: QueryBus,
    private readonly lookupMisses: PublicLookupMisses,
  ) {}

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
      throw tracingError(
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
