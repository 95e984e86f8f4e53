import { dossierError } from './domain/dossier-errors';
import { Allow, CurrentPrincipal, assertActsFor, requirePrincipal, type Principal } from '@lien-thong/access';
import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  PreviewAppointment,
  type AppointmentPreview,
} from './queries/appointment-preview/appointment-preview.query';
import { AppointmentPreviewQueryDto } from './queries/appointment-preview/appointment-preview.request.dto';

import type { ActionResult, DossierAction } from './domain/dossier-actions';
import {
  DossierCommandService,
  requestFingerprint,
  requestIdempotencyKey,
} from './application/dossier-command.service';
import { RunDossierAction } from './commands/dossier-actions/dossier-action.command';
import {
  AgencyRequestDto,
  ApologyRequestDto,
  CompleteStepRequestDto,
  EscalateRequestDto,
  HandOffRequestDto,
  RatingRequestDto,
  ReasonRequestDto,
  RequestSupplementRequestDto,
  ResultReadyRequestDto,
  ReturnResultRequestDto,
  ReturnStepRequestDto,
  StopRequestDto,
  TransferRequestDto,
  WithdrawRequestDto,
} from './commands/dossier-actions/dossier-actions.request.dto';
import {
  ReceiveDossierCommand,
  RefuseAtIntakeCommand,
  RequestSupplementAtIntakeCommand,
  type IntakeInput,
  type IntakeOutcomeView,
  type ReceiptView,
} from './commands/receive-dossier/intake.commands';
import {
  ReceiveDossierRequestDto,
  RefuseAtIntakeRequestDto,
  RequestSupplementAtIntakeRequestDto,
  supplementItemOf,
  type IntakeRequestDto,
  applicantDetailsOf,
} from './commands/receive-dossier/intake.request.dto';

/** The reception officer acts for the unit that receives (403 AGENCY_MISMATCH for another one). */
function intakeInput(body: IntakeRequestDto, officer: Principal | undefined): IntakeInput {
  const principal = requirePrincipal(officer);
  if (typeof body.receivingUnitCode === 'string') assertActsFor(principal, body.receivingUnitCode);
  return {
    intakeRef: body.intakeRef,
    procedureCode: body.procedureCode,
    procedureVersion: body.procedureVersion,
    channel: body.channel,
    channelNote: body.channelNote,
    receivingUnitCode: body.receivingUnitCode,
    applicant: applicantDetailsOf(body.applicant),
    officer: principal.personId,
  };
}

/** `If-Match: 7` or `If-Match: "7"`: the revision the caller acted on. */
function parseIfMatch(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const m = /^\s*(?:W\/)?"?(\d+)"?\s*$/.exec(value);
  if (!m)
    throw dossierError(
      'IF_MATCH_INVALID',
      `If-Match must be the dossier revision you acted on (a whole number), got "${value}"`,
      'Tiêu đề If-Match phải là số phiên bản hồ sơ',
    );
  return Number(m[1]);
}

/**
 * Reception (tiếp nhận) and the actions on a dossier in flight. Who acts is the authenticated caller
 * (`@CurrentPrincipal()`): the officer's person id (or `client:<id>`) and the agency of its token.
 */
@ApiTags('dossiers')
@ApiHeader({
  name: 'If-Match',
  required: false,
  description: 'The dossier revision acted on (409 if it moved)',
})
@ApiHeader({
  name: 'Idempotency-Key',
  required: false,
  description: 'A retry with the same key writes nothing',
})
@Controller()
export class DossiersHttpController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly dossiers: DossierCommandService,
  ) {}

  @Allow('reception-officer')
  @Post('dossiers')
  @ApiOperation({
    summary: 'Receive a dossier: a dossier code and the appointment (form 01). Idempotent by intakeRef',
  })
  receive(
    @Body() body: ReceiveDossierRequestDto,
    @CurrentPrincipal() officer?: Principal,
  ): Promise<ReceiptView> {
    return this.commands.execute(
      new ReceiveDossierCommand({
        ...intakeInput(body, officer),
        documents: body.documents,
        collectAtUnitCode: body.collectAtUnitCode,
        applicantCommuneCode: body.applicantCommuneCode,
        stepOwners: body.stepOwners,
        answers: body.answers,
        sets: body.sets,
        receiptRequested: body.receiptRequested,
      }),
    );
  }

  @Allow('reception-officer')
  @Post('intakes/supplement-requests')
  @ApiOperation({ summary: 'Intake incomplete: list, once and completely, what to add (form 02)' })
  requestSupplementAtIntake(
    @Body() body: RequestSupplementAtIntakeRequestDto,
    @CurrentPrincipal() officer?: Principal,
  ): Promise<IntakeOutcomeView> {
    return this.commands.execute(
      new RequestSupplementAtIntakeCommand(
        intakeInput(body, officer),
        body.items.map(supplementItemOf),
        body.reason,
      ),
    );
  }

  @Allow('reception-officer')
  @Get('intakes/appointment')
  @ApiOperation({
    summary:
      "The appointment (hẹn trả) a dossier of this procedure received now at the caller's unit would get, before accepting it; nothing is written",
  })
  previewAppointment(
    @Query() q: AppointmentPreviewQueryDto,
    @CurrentPrincipal() officer?: Principal,
  ): Promise<AppointmentPreview> {
    const principal = requirePrincipal(officer);
    if (principal.agencyCode === null)
      throw dossierError(
        'REQUESTER_AGENCY_REQUIRED',
        'The appointment is computed on the calendar of the desk that receives: the caller has no unit',
        'Ngày hẹn được tính theo lịch của bộ phận một cửa tiếp nhận: tài khoản không thuộc đơn vị nào',
      );
    return this.queries.execute(
      new PreviewAppointment(q.procedureCode, q.procedureVersion, q.channel, principal.agencyCode),
    );
  }

  @Allow('reception-officer')
  @Post('intakes/refusals')
  @ApiOperation({ summary: 'Refuse at intake, with written reasons (form 03)' })
  refuse(
    @Body() body: RefuseAtIntakeRequestDto,
    @CurrentPrincipal() officer?: Principal,
  ): Promise<IntakeOutcomeView> {
    return this.commands.execute(new RefuseAtIntakeCommand(intakeInput(body, officer), body.reasons));
  }

  @Allow('reception-officer')
  @Post('dossiers/:code/transfer')
  @HttpCode(200)
  @ApiOperation({ summary: 'Transfer from the desk to the processing agency' })
  transfer(
    @Param('code') code: string,
    @Body() b: TransferRequestDto,
    @Headers() h: Record<string, string>,
    @CurrentPrincipal() who?: Principal,
  ) {
    return this.run(code, { type: 'Transfer', toAgencyCode: b.toAgencyCode }, h, who);
  }

  @Allow('agency-officer', 'agency-head')
  @Post('dossiers/:code/steps/:stepId/handoff')
  @HttpCode(200)
  @ApiOperation({ summary: 'Hand a step to its owning agency (deadline from its budget)' })
  handOff(
    @Param('code') code: string,
    @Param('stepId') stepId: string,
    @Body() b: HandOffRequestDto,
    @Headers() h: Record<string, string>,
    @CurrentPrincipal() who?: Principal,
  ) {
    return this.run(
      code,
      { type: 'HandOffStep', stepId, fromAgencyCode: b.fromAgencyCode, toAgencyCode: b.toAgencyCode },
      h,
      who,
    );
  }

  @Allow('agency-officer', 'agency-head')
  @Post('dossiers/:code/steps/:stepId/receive')
  @HttpCode(200)
  @ApiOperation({ summary: 'The holding agency acknowledges the step' })
  receiveStep(
    @Param('code') code: string,
    @Param('stepId') stepId: string,
    @Body() b: AgencyRequestDto,
    @Headers() h: Record<string, string>,
    @CurrentPrincipal() who?: Principal,
  ) {
    return this.run(code, { type: 'ReceiveStep', stepId, agencyCode: b.agencyCode }, h, who);
  }

  @Allow('agency-officer', 'agency-head')
  @Post('dossiers/:code/steps/:stepId/complete')
  @HttpCode(200)
  @ApiOperation({ summary: 'The holding agency completes the step' })
  complete(
    @Param('code') code: string,
    @Param('stepId') stepId: string,
    @Body() b: CompleteStepRequestDto,
    @Headers() h: Record<string, string>,
    @CurrentPrincipal() who?: Principal,
  ) {
    return this.run(
      code,
      {
        type: 'CompleteStep',
        stepId,
        agencyCode: b.agencyCode,
        resultSummary: b.resultSummary,
        attachments: b.attachments,
      },
      h,
      who,
    );
  }

  @Allow('agency-officer', 'agency-head')
  @Post('dossiers/:code/steps/:stepId/return')
  @HttpCode(200)
  @ApiOperation({ summary: 'Hand the dossier back to an earlier step' })
  returnStep(
    @Param('code') code: string,
    @Param('stepId') stepId: string,
    @Body() b: ReturnStepRequestDto,
    @Headers() h: Record<string, string>,
    @CurrentPrincipal() who?: Principal,
  ) {
    return this.run(
      code,
      { type: 'ReturnStep', stepId, agencyCode: b.agencyCode, toStepId: b.toStepId, reason: b.reason },
      h,
      who,
    );
  }

  @Allow('agency-officer', 'agency-head')
  @Post('dossiers/:code/steps/:stepId/supplement-request')
  @HttpCode(200)
  @ApiOperation({ summary: 'Ask the applicant for a supplement (pauses or restarts the clock)' })
  requestSupplement(
    @Param('code') code: string,
    @Param('stepId') stepId: string,
    @Body() b: RequestSupplementRequestDto,
    @Headers() h: Record<string, string>,
    @CurrentPrincipal() who?: Principal,
  ) {
    return this.run(
      code,
      {
        type: 'RequestSupplement',
        stepId,
        agencyCode: b.agencyCode,
        items: b.items.map(supplementItemOf),
        reason: b.reason,
      },
      h,
      who,
    );
  }

  @Allow('reception-officer')
  @Post('dossiers/:code/supplement-received')
  @HttpCode(200)
  @ApiOperation({ summary: 'The supplement arrived: deadlines move by the paused working time' })
  supplementReceived(
    @Param('code') code: string,
    @Headers() h: Record<string, string>,
    @CurrentPrincipal() who?: Principal,
  ) {
    return this.run(code, { type: 'ReceiveSupplement' }, h, who);
  }

  @Allow('agency-officer', 'agency-head', 'reception-officer')
  @Post('dossiers/:code/excluded-phases/:phaseId/start')
  @HttpCode(200)
  @ApiOperation({ summary: 'Start a phase that does not count towards the limit' })
  startPhase(
    @Param('code') code: string,
    @Param('phaseId') phaseId: string,
    @Body() b: ReasonRequestDto,
    @Headers() h: Record<string, string>,
    @CurrentPrincipal() who?: Principal,
  ) {
    return this.run(code, { type: 'StartExcludedPhase', phaseId, reason: b.reason }, h, who);
  }

  @Allow('agency-officer', 'agency-head', 'reception-officer')
  @Post('dossiers/:code/excluded-phases/:phaseId/end')
  @HttpCode(200)
  @ApiOperation({ summary: 'End the excluded phase: deadlines move by its working time' })
  endPhase(
    @Param('code') code: string,
    @Param('phaseId') phaseId: string,
    @Headers() h: Record<string, string>,
    @CurrentPrincipal() who?: Principal,
  ) {
    return this.run(code, { type: 'EndExcludedPhase', phaseId }, h, who);
  }

  @Allow('administrator')
  @Post('dossiers/:code/steps/:stepId/overdue')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record that the step ran past its deadline (names the holder)' })
  overdue(
    @Param('code') code: string,
    @Param('stepId') stepId: string,
    @Headers() h: Record<string, string>,
    @CurrentPrincipal() who?: Principal,
  ) {
    return this.run(code, { type: 'MarkStepOverdue', stepId }, h, who);
  }

  @Allow('agency-head')
  @Post('dossiers/:code/apology')
  @HttpCode(200)
  @ApiOperation({
    summary:
      "Apology with a new appointment (form 04), signed by the responsible agency's head (the caller); the new appointment is after the current one, within a working day, and re-set only as often as the procedure allows",
  })
  apology(
    @Param('code') code: string,
    @Body() b: ApologyRequestDto,
    @Headers() h: Record<string, string>,
    @CurrentPrincipal() who?: Principal,
  ) {
    return this.run(
      code,
      {
        type: 'IssueApology',
        agencyCode: b.agencyCode,
        reason: b.reason,
        newAppointmentAt: b.newAppointmentAt,
      },
      h,
      who,
    );
  }

  @Allow('agency-head', 'administrator')
  @Post('dossiers/:code/escalation')
  @HttpCode(200)
  @ApiOperation({
    summary:
      "Escalate the caller's agency's delay to its head, or to its supervising agency (the directory's parent; a toAgencyCode given must be that one), which is told by webhook and in its inbox",
  })
  escalate(
    @Param('code') code: string,
    @Body() b: EscalateRequestDto,
    @Headers() h: Record<string, string>,
    @CurrentPrincipal() who?: Principal,
  ) {
    return this.run(
      code,
      { type: 'Escalate', to: b.to, toAgencyCode: b.toAgencyCode, reason: b.reason },
      h,
      who,
    );
  }

  @Allow('reception-officer', 'agency-head')
  @Post('dossiers/:code/stop')
  @HttpCode(200)
  @ApiOperation({ summary: 'Stop processing, with reason and requester (form 05)' })
  stop(
    @Param('code') code: string,
    @Body() b: StopRequestDto,
    @Headers() h: Record<string, string>,
    @CurrentPrincipal() who?: Principal,
  ) {
    if (b.requester.kind === 'agency' && !b.requester.agencyCode)
      throw dossierError(
        'REQUESTER_AGENCY_REQUIRED',
        'requester.agencyCode is required when an agency stops the processing',
        'Cần mã cơ quan khi cơ quan dừng xử lý hồ sơ',
      );
    // An agency stops for itself only: the requester it names is the caller's own agency.
    if (b.requester.kind === 'agency') assertActsFor(requirePrincipal(who), b.requester.agencyCode!);
    const requester =
      b.requester.kind === 'agency'
        ? ({ kind: 'agency', agencyCode: b.requester.agencyCode! } as const)
        : ({ kind: 'applicant' } as const);
    return this.run(
      code,
      { type: 'StopProcessing', reason: b.reason, requester, legalGround: b.legalGround },
      h,
      who,
    );
  }

  @Allow('reception-officer')
  @Post('dossiers/:code/withdrawal')
  @HttpCode(200)
  @ApiOperation({ summary: 'The applicant withdraws the dossier' })
  withdraw(
    @Param('code') code: string,
    @Body() b: WithdrawRequestDto,
    @Headers() h: Record<string, string>,
    @CurrentPrincipal() who?: Principal,
  ) {
    return this.run(code, { type: 'Withdraw', reason: b.reason }, h, who);
  }

  @Allow('reception-officer', 'agency-officer', 'agency-head')
  @Post('dossiers/:code/result-ready')
  @HttpCode(200)
  @ApiOperation({ summary: 'The result is back at the desk' })
  resultReady(
    @Param('code') code: string,
    @Body() b: ResultReadyRequestDto,
    @Headers() h: Record<string, string>,
    @CurrentPrincipal() who?: Principal,
  ) {
    return this.run(code, { type: 'MarkResultReady', deskUnitCode: b.deskUnitCode }, h, who);
  }

  @Allow('reception-officer')
  @Post('dossiers/:code/result-returned')
  @HttpCode(200)
  @ApiOperation({ summary: 'The result was returned to the applicant (counter, post or online)' })
  resultReturned(
    @Param('code') code: string,
    @Body() b: ReturnResultRequestDto,
    @Headers() h: Record<string, string>,
    @CurrentPrincipal() who?: Principal,
  ) {
    return this.run(code, { type: 'ReturnResult', channel: b.channel }, h, who);
  }

  @Allow('reception-officer')
  @Post('dossiers/:code/rating')
  @HttpCode(200)
  @ApiOperation({ summary: 'The applicant rates the service (1 to 5)' })
  rate(
    @Param('code') code: string,
    @Body() b: RatingRequestDto,
    @Headers() h: Record<string, string>,
    @CurrentPrincipal() who?: Principal,
  ) {
    return this.run(code, { type: 'RateSatisfaction', score: b.score, comment: b.comment }, h, who);
  }

  @Allow('administrator')
  @Post('dossiers/:code/personal-data/erase')
  @HttpCode(200)
  @ApiOperation({ summary: "Erase the applicant's personal data (the history and its timing facts stay)" })
  erase(
    @Param('code') code: string,
    @Body() b: ReasonRequestDto,
    @Headers() h: Record<string, string>,
    @CurrentPrincipal() who?: Principal,
  ) {
    return this.run(code, { type: 'EraseApplicantData', reason: b.reason }, h, who);
  }

  @Allow('administrator')
  @Post('intakes/:ref/personal-data/erase')
  @HttpCode(200)
  @ApiOperation({
    summary:
      "Erase the applicant's personal data of an intake that ended without a code (form 02 or 03); the outcome stays",
  })
  eraseIntake(
    @Param('ref') ref: string,
    @Body() b: ReasonRequestDto,
    @CurrentPrincipal() who?: Principal,
  ): Promise<ActionResult> {
    const { personId, agencyCode } = requirePrincipal(who);
    return this.dossiers.eraseIntakeApplicantData(ref, b.reason, {
      actor: { personId, ...(agencyCode !== null ? { agencyCode } : {}) },
    });
  }

  private run(
    code: string,
    action: DossierAction,
    headers: Record<string, string>,
    caller: Principal | undefined,
  ): Promise<ActionResult> {
    const principal = requirePrincipal(caller);
    // The agency a caller acts for (its token's) is the only one the body may name.
    const named =
      'agencyCode' in action
        ? action.agencyCode
        : 'fromAgencyCode' in action
          ? action.fromAgencyCode
          : undefined;
    if (named !== undefined) assertActsFor(principal, named);
    const { personId, agencyCode } = principal;
    const key = parseIdempotencyKey(headers['idempotency-key']);
    return this.commands.execute(
      new RunDossierAction(code, action, {
        actor: { personId, ...(agencyCode !== null ? { agencyCode } : {}) },
        caller: { agencyCode, roles: principal.roles },
        expectedRevision: parseIfMatch(headers['if-match']),
        ...(key !== undefined
          ? {
              idempotencyKey: requestIdempotencyKey(personId, key),
              requestFingerprint: requestFingerprint(action),
            }
          : {}),
      }),
    );
  }
}

/** `Idempotency-Key`: up to 200 visible ASCII characters (a UUID, say), chosen by the caller. */
function parseIdempotencyKey(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (/^[\x21-\x7e]{1,200}$/.test(value)) return value;
  throw dossierError(
    'IDEMPOTENCY_KEY_INVALID',
    'Idempotency-Key must be 1 to 200 visible ASCII characters (a UUID, for example)',
    'Idempotency-Key phải gồm 1 đến 200 ký tự ASCII hiển thị được (ví dụ một UUID)',
  );
}
