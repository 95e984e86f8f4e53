import { dossierError } from '../../domain/dossier-errors';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  CLOCK,
  DomainError,
  ID_GENERATOR,
  type Clock,
  type IdGenerator,
  type ProblemDetail,
} from '@lien-thong/contracts';
import { EVENT_STORE, WrongExpectedRevisionError, type EventStore } from '@lien-thong/event-store';
import type { WorkingTimeCalendar } from '@lien-thong/calendar';
import { AGENCY_DIRECTORY, type AgencyDirectory, type DirectorySnapshot } from '@lien-thong/agencies';
import { countedLimit } from '@lien-thong/procedures';
import { FileRecords, resolveAttachments } from '@lien-thong/files';
import { DossierCodeIssuer } from '../../codes/dossier-code-issuer';
import { registerNumberOf } from '../../codes/register-number';
import { decideDossier, type DossierCommand, type ReceiveDossier } from '../../domain/index';
import { BoundProcedures } from '../../application/bound-procedures';
import { DossierCalendar, statutoryDueAt } from '../../application/dossier-calendar';
import { DossierCommandService, digest } from '../../application/dossier-command.service';
import { DossierIntakes, type BoundIntake } from '../../application/dossier-intakes';
import { vietnamIso } from '../../application/instants';
import { lookupKeyFrom } from '../../application/lookup-key';
import { resolveRouting } from '../../application/routing';
import {
  ReceiveDossierCommand,
  RefuseAtIntakeCommand,
  RequestSupplementAtIntakeCommand,
  type IntakeInput,
  type IntakeOutcomeView,
  type ReceiptView,
} from './intake.commands';
import {
  PERSONAL_DATA_VAULT,
  type PersonalDataVault,
  checkApplicantDetails,
} from '@lien-thong/personal-data';
import {
  type DossierEvent,
  type DossierReceivedData,
  dossierStream,
  initialDossierState,
  intakeStream,
} from '@lien-thong/dossier-model';

const INTAKE_REF = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;

function invalid(problems: readonly ProblemDetail[]): DomainError {
  return dossierError(
    'INTAKE_INVALID',
    `The intake cannot be recorded: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`,
    'Không thể tiếp nhận hồ sơ: thông tin chưa hợp lệ (xem danh sách lỗi)',
    problems,
  );
}

/** Checks shared by the three outcomes: applicant, units, reference, channel. Writes nothing. */
function commonProblems(input: IntakeInput, directory: DirectorySnapshot): ProblemDetail[] {
  const problems: ProblemDetail[] = checkApplicantDetails(input.applicant).map((p) => ({
    ...p,
    path: `applicant.${p.path}`,
  }));
  if (!directory.exists(input.receivingUnitCode))
    problems.push({
      path: 'receivingUnitCode',
      code: 'UNKNOWN_AGENCY',
      message: `no active agency ${input.receivingUnitCode}`,
    });
  if (input.intakeRef !== undefined && !INTAKE_REF.test(input.intakeRef))
    problems.push({
      path: 'intakeRef',
      code: 'FORMAT',
      message: 'letters, digits and . _ : - only, at most 64 characters',
    });
  if (!input.officer?.trim())
    problems.push({
      path: 'officer',
      code: 'REQUIRED',
      message: 'the receiving officer must be named (the authenticated caller)',
    });
  return problems;
}

/** Who records an intake: the receiving officer, for the receiving unit. */
function actorOf(input: IntakeInput) {
  return { personId: input.officer, agencyCode: input.receivingUnitCode };
}

/**
 * A counter or postal intake happens only while the unit's desk receives (its reception hours, a
 * Saturday-morning desk included); online and portal dossiers are accepted at any time and count from
 * the next working day (issue 18, item 2).
 */
/** Counter and postal dossiers are received in reception hours only; online ones at any time. */
export function assertReceptionOpen(
  calendar: WorkingTimeCalendar,
  input: Pick<IntakeInput, 'channel' | 'receivingUnitCode'>,
  now: number,
): void {
  if (input.channel !== 'counter' && input.channel !== 'post') return;
  if (calendar.isReceptionOpen(now)) return;
  throw dossierError(
    'DOSSIER_RECEPTION_CLOSED',
    `The desk of ${input.receivingUnitCode} does not receive dossiers at ${vietnamIso(now)} (outside its reception hours); a counter or postal dossier is received during reception hours, an online one at any time`,
    `Bộ phận một cửa của ${input.receivingUnitCode} không tiếp nhận hồ sơ vào thời điểm này (ngoài giờ tiếp nhận); hồ sơ trực tiếp hoặc qua bưu chính được tiếp nhận trong giờ tiếp nhận, hồ sơ trực tuyến được tiếp nhận mọi lúc`,
  );
}

/**
 * A reference already bound is answered again only to the unit that received it and for the same
 * request (issue 16): another unit learns nothing of it, and a different request under a used
 * reference is a 409 instead of someone else's receipt.
 */
function assertSameIntake(bound: BoundIntake, input: IntakeInput, fingerprint: string): void {
  const otherUnit = bound.receivingUnitCode !== null && bound.receivingUnitCode !== input.receivingUnitCode;
  const otherRequest = bound.fingerprint !== null && bound.fingerprint !== fingerprint;
  if (otherUnit || otherRequest)
    throw dossierError(
      'INTAKE_REF_IN_USE',
      `The intake reference ${input.intakeRef ?? ''} already belongs to another intake: a retry must repeat the same request from the same unit; a new intake needs a new reference`,
      `Mã tham chiếu ${input.intakeRef ?? ''} đã được dùng cho một lượt tiếp nhận khác: gửi lại phải giống hệt yêu cầu cũ và từ cùng đơn vị; lượt tiếp nhận mới cần mã mới`,
    );
}

/** Tiếp nhận hồ sơ: accepted, with a dossier code and an appointment (form 01). */
@CommandHandler(ReceiveDossierCommand)
export class ReceiveDossierHandler implements ICommandHandler<ReceiveDossierCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
    @Inject(AGENCY_DIRECTORY) private readonly agencies: AgencyDirectory,
    @Inject(PERSONAL_DATA_VAULT) private readonly vault: PersonalDataVault,
    private readonly procedures: BoundProcedures,
    private readonly calendar: DossierCalendar,
    private readonly intakes: DossierIntakes,
    private readonly codes: DossierCodeIssuer,
    private readonly dossiers: DossierCommandService,
    private readonly files: FileRecords,
  ) {}

  async execute({ input }: ReceiveDossierCommand): Promise<ReceiptView> {
    const intakeRef = input.intakeRef ?? this.ids.newId();
    // What makes a retry the same intake: everything the desk entered but who entered it.
    const { officer: _officer, intakeRef: _ref, ...request } = input;
    const fingerprint = digest(request);
    if (input.intakeRef !== undefined && INTAKE_REF.test(input.intakeRef)) {
      const existing = await this.intakes.find(input.intakeRef);
      if (existing !== null) {
        assertSameIntake(existing, input, fingerprint);
        const view = await this.existingReceipt(existing.dossierCode);
        if (view) {
          assertSameIntake({ ...existing, receivingUnitCode: view.receivingUnit.code }, input, fingerprint);
          return view;
        }
      }
    }
    // 1. Everything is checked before anything is written (no code allocated, no data sealed).
    const directory = await this.agencies.snapshot();
    const problems = commonProblems(input, directory);
    const bound = await this.procedures.forIntake(input.procedureCode, input.procedureVersion);
    const { definition, version } = bound;
    if (input.collectAtUnitCode !== undefined && !directory.exists(input.collectAtUnitCode))
      problems.push({
        path: 'collectAtUnitCode',
        code: 'UNKNOWN_AGENCY',
        message: `no active agency ${input.collectAtUnitCode}`,
      });
    const routing = resolveRouting(definition, version, directory, {
      receivingUnitCode: input.receivingUnitCode,
      applicantCommuneCode: input.applicantCommuneCode,
      stepOwners: input.stepOwners,
      answers: input.answers,
    });
    problems.push(...routing.problems);
    if (problems.length > 0) throw invalid(problems);

    const now = this.clock.now().getTime();
    const receivedAt = vietnamIso(now);
    const calendar = await this.calendar.forUnit(input.receivingUnitCode);
    assertReceptionOpen(calendar, input, now);
    const appointment = statutoryDueAt(
      calendar,
      now,
      countedLimit(definition.statutoryLimit),
      definition.countingRule,
    );
    const lookupKey = input.lookupKey ?? lookupKeyFrom(this.ids.newId());
    const withoutFiles = input.documents.map(({ files: _files, ...document }) => document);
    let documents: ReceiveDossier['documents'] = withoutFiles;
    const command = (dossierCode: string, applicantRef: string): ReceiveDossier => ({
      type: 'ReceiveDossier',
      dossierCode,
      intakeRef,
      procedure: routing.snapshot,
      channel: input.channel,
      channelNote: input.channelNote,
      applicantRef,
      documents,
      receivedAt,
      appointmentAt: vietnamIso(appointment),
      receivingUnitCode: input.receivingUnitCode,
      receivingOfficer: input.officer,
      collectAtUnitCode: input.collectAtUnitCode,
      lookupKey,
      sets: input.sets,
      receiptRequested: input.receiptRequested,
      postalPickup: input.postalPickup,
    });
    // The decider's rules (channel allowed, documents complete, appointment after receipt), dry-run.
    decideDossier(command('000.00.00.A00-000101-0001', 'dry-run'), initialDossierState);
    // The scans handed in with the documents: uploaded by this unit, marked attached before the receipt.
    documents = await Promise.all(
      input.documents.map(async (document, i) =>
        document.files && document.files.length > 0
          ? {
              ...withoutFiles[i]!,
              files: await resolveAttachments(
                this.files,
                document.files,
                input.receivingUnitCode,
                `documents[${i}].files`,
              ),
            }
          : withoutFiles[i]!,
      ),
    );

    // 2. Allocate the code, bind it to the intake reference, seal the personal data, record the receipt.
    const issued = await this.codes.issue(input.receivingUnitCode, now);
    // Another request with this reference may have won the race (or crashed after binding its code):
    // its code is finished here, but only for the same unit and the same request.
    const binding = await this.intakes.bind(intakeRef, {
      dossierCode: issued,
      receivingUnitCode: input.receivingUnitCode,
      fingerprint,
    });
    assertSameIntake(binding, input, fingerprint);
    const dossierCode = binding.dossierCode;
    const applicantRef = await this.vault.seal(dossierCode, input.applicant);
    try {
      const handled = await this.dossiers.record(
        dossierStream(dossierCode),
        () => command(dossierCode, applicantRef),
        { actor: actorOf(input), correlationId: intakeRef },
        { occurredAt: receivedAt },
      );
      const received = handled.events[0] as Extract<DossierEvent, { type: 'DossierReceived' }>;
      return this.view(received.data, handled.revision, false, directory);
    } catch (error) {
      // Two requests with one intake reference: the other one recorded it first.
      if (error instanceof WrongExpectedRevisionError || error instanceof DomainError) {
        const view = await this.existingReceipt(dossierCode);
        if (view) return view;
      }
      throw error;
    }
  }

  private async existingReceipt(dossierCode: string): Promise<ReceiptView | null> {
    const events = await this.store.readStream(dossierStream(dossierCode));
    const first = events[0];
    if (!first || first.type !== 'DossierReceived') return null;
    const last = events[events.length - 1]!;
    return this.view(first.data as DossierReceivedData, last.revision, true, await this.agencies.snapshot());
  }

  private async view(
    data: DossierReceivedData,
    revision: number,
    alreadyReceived: boolean,
    directory: DirectorySnapshot,
  ): Promise<ReceiptView> {
    const definition = await this.procedures.definition(data.procedure.code, data.procedure.version);
    const applicant = await this.vault.open(data.applicantRef);
    if (applicant === 'erased')
      throw dossierError(
        'PERSONAL_DATA_ERASED',
        `The applicant's personal data of ${data.dossierCode} was erased`,
        `Dữ liệu cá nhân của người nộp hồ sơ ${data.dossierCode} đã bị xoá`,
      );
    const name = (code: string) => directory.get(code)?.name.vi ?? null;
    const base = `/dossiers/${encodeURIComponent(data.dossierCode)}`;
    return {
      dossierCode: data.dossierCode,
      revision,
      alreadyReceived,
      procedure: { code: data.procedure.code, version: data.procedure.version, name: definition.name },
      ruleSet: data.ruleSet,
      statutoryLimit: data.statutoryLimit ?? null,
      receiptIssued: data.receiptIssued !== false,
      register: registerNumberOf(data.dossierCode),
      channel: data.channel,
      applicant,
      sets: data.sets ?? 1,
      documents: data.documents.map((d) => ({
        ...d,
        name: d.name ?? definition.requiredDocuments.find((r) => r.code === d.code)?.name.vi ?? null,
      })),
      receivedAt: data.receivedAt,
      appointmentAt: data.appointmentAt,
      receivingUnit: { code: data.receivingUnitCode, name: name(data.receivingUnitCode) },
      collectAt: { code: data.collectAtUnitCode, name: name(data.collectAtUnitCode) },
      receivingOfficer: data.receivingOfficer,
      lookupKey: data.lookupKey ?? null,
      links: {
        self: base,
        ...(data.receiptIssued !== false
          ? { receiptHtml: `${base}/forms/01.html`, receiptPdf: `${base}/forms/01.pdf` }
          : {}),
        timeline: `${base}/timeline`,
        controlSlip: `${base}/control-slip`,
        ...(data.lookupKey !== undefined
          ? {
              publicLookup: `/public/dossiers/${encodeURIComponent(data.dossierCode)}?key=${encodeURIComponent(data.lookupKey)}`,
            }
          : {}),
      },
    };
  }
}

/** The two intake outcomes without a dossier code: recorded in `intake-<ref>`. */
abstract class IntakeOutcomeHandler {
  constructor(
    @Inject(EVENT_STORE) protected readonly store: EventStore,
    @Inject(CLOCK) protected readonly clock: Clock,
    @Inject(ID_GENERATOR) protected readonly ids: IdGenerator,
    @Inject(AGENCY_DIRECTORY) protected readonly agencies: AgencyDirectory,
    @Inject(PERSONAL_DATA_VAULT) protected readonly vault: PersonalDataVault,
    protected readonly procedures: BoundProcedures,
    protected readonly dossiers: DossierCommandService,
    protected readonly calendar: DossierCalendar,
  ) {}

  protected async record(
    input: IntakeInput,
    build: (ctx: {
      intakeRef: string;
      applicantRef: string;
      at: string;
      version: number | undefined;
    }) => DossierCommand,
    outcome: IntakeOutcomeView['outcome'],
  ): Promise<IntakeOutcomeView> {
    const directory = await this.agencies.snapshot();
    const problems = commonProblems(input, directory);
    // The procedure must exist; its version is recorded when one is in force.
    const version = await this.procedures
      .forIntake(input.procedureCode, input.procedureVersion)
      .then((b) => b.version)
      .catch((error: unknown) => {
        if (error instanceof DomainError && error.kind === 'not-found') throw error;
        return undefined;
      });
    if (problems.length > 0) throw invalid(problems);
    const intakeRef = input.intakeRef ?? this.ids.newId();
    const nowMs = this.clock.now().getTime();
    assertReceptionOpen(await this.calendar.forUnit(input.receivingUnitCode), input, nowMs);
    const at = vietnamIso(nowMs);
    decideDossier(build({ intakeRef, applicantRef: 'dry-run', at, version }), initialDossierState);
    const existing = await this.store.streamRevision(intakeStream(intakeRef));
    if (existing !== null)
      throw dossierError(
        'INTAKE_ALREADY_DECIDED',
        `Intake ${intakeRef} already has an outcome`,
        `Lượt tiếp nhận ${intakeRef} đã có kết quả`,
      );
    const applicantRef = await this.vault.seal(intakeRef, input.applicant);
    await this.dossiers.record(
      intakeStream(intakeRef),
      () => build({ intakeRef, applicantRef, at, version }),
      { actor: actorOf(input), correlationId: intakeRef },
      { occurredAt: at },
    );
    const form = outcome === 'refused' ? '03' : '02';
    const base = `/intakes/${encodeURIComponent(intakeRef)}`;
    return {
      intakeRef,
      outcome,
      form,
      recordedAt: at,
      links: { self: base, html: `${base}/forms/${form}.html`, pdf: `${base}/forms/${form}.pdf` },
    };
  }
}

/** Form 02: the desk lists, once and completely, what to add or correct. */
@CommandHandler(RequestSupplementAtIntakeCommand)
export class RequestSupplementAtIntakeHandler
  extends IntakeOutcomeHandler
  implements ICommandHandler<RequestSupplementAtIntakeCommand>
{
  execute({ input, items, reason }: RequestSupplementAtIntakeCommand): Promise<IntakeOutcomeView> {
    return this.record(
      input,
      ({ intakeRef, applicantRef, at, version }) => ({
        type: 'RequestSupplementAtIntake',
        intakeRef,
        procedure: { code: input.procedureCode, version },
        channel: input.channel,
        applicantRef,
        receivingUnitCode: input.receivingUnitCode,
        officer: input.officer,
        at,
        items,
        reason,
      }),
      'supplement-requested',
    );
  }
}

/** Form 03: refused, with written reasons. */
@CommandHandler(RefuseAtIntakeCommand)
export class RefuseAtIntakeHandler
  extends IntakeOutcomeHandler
  implements ICommandHandler<RefuseAtIntakeCommand>
{
  execute({ input, reasons }: RefuseAtIntakeCommand): Promise<IntakeOutcomeView> {
    return this.record(
      input,
      ({ intakeRef, applicantRef, at, version }) => ({
        type: 'RefuseAtIntake',
        intakeRef,
        procedure: { code: input.procedureCode, version },
        channel: input.channel,
        applicantRef,
        receivingUnitCode: input.receivingUnitCode,
        officer: input.officer,
        at,
        reasons,
      }),
      'refused',
    );
  }
}
