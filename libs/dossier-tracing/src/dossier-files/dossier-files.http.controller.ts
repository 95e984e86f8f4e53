import { Controller, Get, Inject, Param, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { pipeline } from 'node:stream/promises';
import {
  Allow,
  CurrentPrincipal,
  PersonalDataRead,
  requirePrincipal,
  type Principal,
} from '@lien-thong/access';
import type { RecordedEvent } from '@lien-thong/event-store';
import type { AttachmentMetadata, DossierReceivedData } from '@lien-thong/dossier-model';
import { FILE_STORE, KNOWN_FILE_TYPES, fileError, type FileStore } from '@lien-thong/files';
import { DossierAccess } from '../shared/dossier-access.service';

/** A file of the dossier: a scan handed in with it, or a step result's attachment. */
export interface DossierFile extends AttachmentMetadata {
  /** The step whose result it is; null for a scan of a document handed in at intake. */
  readonly stepId: string | null;
  /** The intake document it is a scan of; null for a step result's attachment. */
  readonly documentCode: string | null;
  /** Who attached it: the agency completing the step, or the receiving unit. */
  readonly agencyCode: string;
  /** When it was attached: the step's completion, or the receipt. */
  readonly attachedAt: string;
}

/** Every file the dossier's record names (its intake's scans, then its step results'), in order. */
export function dossierFiles(events: readonly RecordedEvent[]): DossierFile[] {
  const files: DossierFile[] = [];
  for (const event of events) {
    if (event.type === 'DossierReceived') {
      const data = event.data as DossierReceivedData;
      for (const document of data.documents)
        for (const file of document.files ?? [])
          files.push({
            ...file,
            stepId: null,
            documentCode: document.code,
            agencyCode: data.receivingUnitCode,
            attachedAt: data.receivedAt,
          });
      continue;
    }
    if (event.type !== 'StepCompleted') continue;
    const data = event.data as {
      stepId: string;
      agencyCode: string;
      at: string;
      attachments?: readonly AttachmentMetadata[];
    };
    for (const a of data.attachments ?? [])
      files.push({
        ...a,
        stepId: data.stepId,
        documentCode: null,
        agencyCode: data.agencyCode,
        attachedAt: data.at,
      });
  }
  return files;
}

/**
 * The files of a dossier (issue 24): a step result's attachments, for whoever may follow the dossier
 * (the desk, the agencies taking part, auditors, administrators). Only files the dossier's record
 * names are served through it, under the name and type it recorded.
 */
@ApiTags('dossiers (tracing)')
@Controller()
export class DossierFilesHttpController {
  constructor(
    private readonly access: DossierAccess,
    @Inject(FILE_STORE) private readonly files: FileStore,
  ) {}

  @Allow('reception-officer', 'agency-officer', 'agency-head', 'auditor', 'administrator')
  @Get('dossiers/:code/files')
  @ApiOperation({
    summary:
      'The files of the dossier: scans handed in at intake and step results’ attachments (names, sizes, sha256; not the bytes)',
  })
  async list(
    @Param('code') code: string,
    @CurrentPrincipal() who?: Principal,
  ): Promise<{ items: DossierFile[] }> {
    const { events } = await this.access.assertMayReadDossier(code, requirePrincipal(who), 'follow');
    return { items: dossierFiles(events) };
  }

  @Allow('reception-officer', 'agency-officer', 'agency-head', 'auditor', 'administrator')
  @PersonalDataRead()
  @Get('dossiers/:code/files/:fileId')
  @ApiOperation({
    summary: 'Download a file attached to the dossier (a step result’s attachment)',
    description:
      'Answered with the recorded media type, `Content-Disposition: attachment` with the recorded name, and the ' +
      'file’s sha256 in `ETag` and `Repr-Digest`. 404 FILE_NOT_FOUND when the dossier’s record names no such file.',
  })
  @ApiProduces(...KNOWN_FILE_TYPES)
  async download(
    @Param('code') code: string,
    @Param('fileId') fileId: string,
    @Res() res: Response,
    @CurrentPrincipal() who?: Principal,
  ): Promise<void> {
    const { events } = await this.access.assertMayReadDossier(code, requirePrincipal(who), 'follow');
    // The latest step result that attached it names it.
    const attachment = dossierFiles(events).findLast((f) => f.id === fileId);
    const body = attachment ? await this.files.open(attachment.id) : undefined;
    if (!attachment || !body)
      throw fileError(
        'FILE_NOT_FOUND',
        `Dossier ${code} has no file ${fileId}`,
        `Hồ sơ ${code} không có tệp ${fileId}`,
      );
    res.setHeader('Content-Type', attachment.mediaType);
    res.setHeader('Content-Length', String(attachment.sizeBytes));
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="${asciiName(attachment.name)}"; filename*=UTF-8''${encodeRFC5987(attachment.name)}`,
    );
    res.setHeader('ETag', `"sha256-${attachment.sha256}"`);
    res.setHeader('Repr-Digest', `sha-256=:${Buffer.from(attachment.sha256, 'hex').toString('base64')}:`);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'private, no-store');
    await pipeline(body, res);
  }
}

/** A fallback name for clients that ignore `filename*`: ASCII, no quotes. */
function asciiName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^\x20-\x7e]|["\\]/g, '_');
}

function encodeRFC5987(name: string): string {
  return encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
