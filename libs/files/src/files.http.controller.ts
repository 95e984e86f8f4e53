import { Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Allow, CurrentPrincipal, requirePrincipal, type Principal } from '@lien-thong/access';
import { KNOWN_FILE_TYPES } from './file-policy';
import { FileUploads, uploadFromRequest, type UploadedFile } from './file-uploads';

/** Uploads (issue 24): a file first, then its id in a step result's `attachments`. */
@ApiTags('files')
@Controller()
export class FilesHttpController {
  constructor(private readonly uploads: FileUploads) {}

  @Allow('reception-officer', 'agency-officer', 'agency-head', 'administrator')
  @Post('files')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Upload a file (the body is the file itself); answers its id, size and sha256',
    description:
      'The body is the file, its Content-Type its media type (checked against its first bytes), its name in ' +
      "Content-Disposition (attachment; filename*=UTF-8''<percent-encoded name>). Over the size limit: 413 " +
      'FILE_TOO_LARGE; a type not accepted: 415. The file belongs to the agency the caller acts for; only it ' +
      'may attach it (CompleteStep attachments: [{ id }]). Whoever may follow the dossier may then download it.',
  })
  @ApiConsumes(...KNOWN_FILE_TYPES)
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiHeader({
    name: 'Content-Disposition',
    required: true,
    example: "attachment; filename*=UTF-8''gi%E1%BA%A5y-khai-sinh.pdf",
  })
  upload(
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @CurrentPrincipal() who?: Principal,
  ): Promise<UploadedFile> {
    const principal = requirePrincipal(who);
    return uploadFromRequest(this.uploads, req, res, {
      personId: principal.personId,
      agencyCode: principal.agencyCode,
    });
  }
}
