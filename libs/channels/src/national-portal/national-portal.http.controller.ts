import { createHash } from 'node:crypto';
import { Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CommandBus } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import {
  Allow,
  CurrentPrincipal,
  PersonalDataRead,
  assertActsFor,
  requirePrincipal,
  type Principal,
} from '@lien-thong/access';
import { CLOCK, type Clock } from '@lien-thong/contracts';
import { PG_POOL } from '@lien-thong/postgres';
import { ReceiveDossierCommand, applicantDetailsOf, type ReceiptView } from '@lien-thong/dossiers';
import { channelError } from '../channels-errors';
import { PORTAL_CLIENT } from './portal-connection';
import { ChannelUnavailable } from '../http-json';
import { readSubmission, type PortalClient, type PortalSubmission } from './portal-client';
import { FileRecords, FileUploads, type AttachmentReference } from '@lien-thong/files';
import {
  PortalReconciliationLog,
  reconcilePortal,
  type PortalReconciliationReport,
  type PortalReconciliationRun,
} from './portal-reconciliation';

/**
 * The national public-service portal (issue 24): the desk's queue of dossiers filed there, taking one
 * in (a dossier with the portal's id as its intake reference: a repeat gives the same dossier), and the
 * reconciliation of the statuses the portal shows with ours.
 */
@ApiTags('channels')
@Controller('channels/national-portal')
export class NationalPortalHttpController {
  constructor(
    @Inject(PORTAL_CLIENT) private readonly portal: PortalClient | null,
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly files: FileRecords,
    private readonly uploads: FileUploads,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly commands: CommandBus,
    private readonly runs: PortalReconciliationLog,
  ) {}

  @Allow('reception-officer', 'administrator')
  @PersonalDataRead()
  @Get('submissions')
  @ApiOperation({
    summary: 'Dossiers filed on the national portal for a unit, not yet taken in (read live from the portal)',
  })
  @ApiQuery({ name: 'unit', required: false, description: 'Receiving unit (a desk sees only its own)' })
  async submissions(
    @Query('unit') unit?: string,
    @CurrentPrincipal() who?: Principal,
  ): Promise<{ items: PortalSubmission[] }> {
    const principal = requirePrincipal(who);
    const asked = unit?.trim() || principal.agencyCode || undefined;
    if (asked) assertActsFor(principal, asked);
    else if (!principal.roles.includes('administrator')) throw scopeForbidden();
    return { items: await this.call((portal) => portal.pendingSubmissions(asked)) };
  }

  @Allow('reception-officer')
  @Post('submissions/:portalId/accept')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Take in a dossier filed on the portal: its code, appointment and form 01, as at the counter',
    description:
      'The submission is read from the portal; the desk of its receiving unit takes it in with the portal’s id as ' +
      'the intake reference, so taking it in again answers the same dossier (alreadyReceived). The portal is told ' +
      '"received" through the status outbox.',
  })
  async accept(
    @Param('portalId') portalId: string,
    @CurrentPrincipal() who?: Principal,
  ): Promise<ReceiptView> {
    const principal = requirePrincipal(who);
    const answered = await this.call((portal) => portal.submission(portalId));
    if (!answered)
      throw channelError(
        'PORTAL_SUBMISSION_NOT_FOUND',
        `The national portal has no dossier ${portalId} waiting to be taken in`,
        `Cổng Dịch vụ công quốc gia không có hồ sơ ${portalId} đang chờ tiếp nhận`,
      );
    // The portal is outside this system: what it sends is checked before anything reads it.
    const read = readSubmission(answered);
    if (!read.ok)
      throw channelError(
        'PORTAL_SUBMISSION_INVALID',
        `The portal sent dossier ${portalId} in a form this system cannot take in (${read.problems
          .map((p) => `${p.path}: ${p.message}`)
          .join('; ')}); nothing was written`,
        `Hồ sơ ${portalId} từ Cổng không đúng định dạng; chưa có gì được ghi nhận`,
        read.problems.map((p) => ({ path: p.path, code: 'INVALID', message: p.message })),
      );
    const submission = read.submission;
    assertActsFor(principal, submission.receivingUnitCode);
    const documents = await this.call((portal) => this.documentsOf(portal, submission, principal.personId));
    return this.commands.execute(
      new ReceiveDossierCommand({
        intakeRef: submission.portalId,
        procedureCode: submission.procedureCode,
        channel: 'national-portal',
        receivingUnitCode: submission.receivingUnitCode,
        applicant: applicantDetailsOf(submission.applicant),
        officer: principal.personId,
        documents,
        applicantCommuneCode: submission.applicantCommuneCode,
        stepOwners: submission.stepOwners,
      }),
    );
  }

  @Allow('administrator')
  @Get('reconciliation')
  @ApiOperation({
    summary: 'Compare the statuses the portal shows with ours: every dossier where they differ',
    description: 'Province-wide, for the administrators who run the connection.',
  })
  async reconciliation(): Promise<PortalReconciliationReport> {
    return this.call((portal) => reconcilePortal(this.pool, portal, this.clock.now()));
  }

  @Allow('administrator')
  @Get('reconciliation/latest')
  @ApiOperation({
    summary: 'The last scheduled reconciliation, as the worker recorded it (every hour by default)',
    description:
      '`run` is null until the worker has run one. A run the portal did not answer has `error` and no figures.',
  })
  async latestReconciliation(): Promise<{ run: PortalReconciliationRun | null }> {
    return { run: await this.runs.latest() };
  }

  /**
   * The submission's documents with their scans kept as our files: each fetched from the portal and
   * checked as any upload (type, size, content, virus scan), for the receiving unit, under an id derived
   * from the portal's ids, so taking the submission in again finds the same files and the same intake.
   */
  private async documentsOf(portal: PortalClient, submission: PortalSubmission, officer: string) {
    const ids = submission.documents.flatMap((d) =>
      (d.files ?? []).map((f) => portalFileId(submission.portalId, f.fileId)),
    );
    const kept = await this.files.find(ids);
    return Promise.all(
      submission.documents.map(async ({ files, ...document }) => {
        if (!files?.length) return document;
        const ours: AttachmentReference[] = [];
        for (const file of files) {
          const id = portalFileId(submission.portalId, file.fileId);
          if (!kept.has(id)) {
            const fetched = await portal.document(submission.portalId, file.fileId);
            if (!fetched)
              throw channelError(
                'PORTAL_SUBMISSION_INVALID',
                `The portal lists file ${file.fileId} of document ${document.code} of ${submission.portalId} but does not serve it; nothing was written`,
                `Cổng không cung cấp tệp ${file.fileId} của giấy tờ ${document.code}; chưa có gì được ghi nhận`,
              );
            try {
              await this.uploads.upload(
                {
                  body: fetched.body,
                  contentType: fetched.contentType,
                  contentLength: fetched.contentLength,
                  contentDisposition: `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`,
                },
                { personId: `national-portal:${officer}`, agencyCode: submission.receivingUnitCode },
                { id },
              );
            } finally {
              // Refused before it was read (its type): the connection is released now.
              fetched.body.destroy();
            }
          }
          ours.push({ id });
        }
        return { ...document, files: ours };
      }),
    );
  }

  private async call<T>(work: (portal: PortalClient) => Promise<T>): Promise<T> {
    if (!this.portal)
      throw channelError(
        'PORTAL_NOT_CONNECTED',
        'This system is not connected to a national portal (LIEN_THONG_PORTAL_URL is not set)',
        'Hệ thống chưa kết nối Cổng Dịch vụ công quốc gia',
      );
    try {
      return await work(this.portal);
    } catch (error) {
      if (error instanceof ChannelUnavailable)
        throw channelError(
          'PORTAL_UNAVAILABLE',
          `${error.message}; nothing was written, try again later`,
          'Không kết nối được Cổng Dịch vụ công quốc gia; chưa có gì được ghi nhận, vui lòng thử lại sau',
        );
      throw error;
    }
  }
}

function scopeForbidden() {
  return channelError(
    'PORTAL_QUEUE_SCOPE_FORBIDDEN',
    'Name the unit whose queue you want (?unit=): every unit at once is for administrators',
    'Cần chọn đơn vị tiếp nhận; xem tất cả các đơn vị chỉ dành cho quản trị viên',
  );
}

/**
 * Our id for a portal submission's file: a UUID (version 8, RFC 9562) from a digest of the portal's ids,
 * the same on every try.
 */
export function portalFileId(portalId: string, fileId: string): string {
  const h = createHash('sha256').update(`national-portal-file:${portalId}:${fileId}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x80;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
