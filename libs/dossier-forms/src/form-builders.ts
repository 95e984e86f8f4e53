import { formError } from './form-errors';
import { type DomainError } from '@lien-thong/contracts';
import type { RecordedEvent } from '@lien-thong/event-store';
import type { ControlSlip } from '@lien-thong/dossier-tracing';
import {
  INTAKE_CHANNEL_LABELS,
  STATUS_LABELS,
  STEP_JUDGEMENT_LABELS,
  TIMELINESS_LABELS,
} from '@lien-thong/dossier-tracing';
import { registerNumberOf } from '@lien-thong/dossiers';
import {
  FORM_KIND_OF,
  type FormBlock,
  type FormDocument,
  type FormLanguage,
  type FormNumber,
} from './form-document';
import { type ApplicantDetails } from '@lien-thong/personal-data';
import {
  RULE_SETS,
  type ApologyIssuedData,
  type DocumentCopyKind,
  type DossierEventType,
  type DossierReceivedData,
  type DossierRefusedAtIntakeData,
  type DossierSupplementRequestedAtIntakeData,
  type DossierWithdrawnData,
  type FormKind,
  type ProcessingStoppedData,
  type RuleSet,
  type StatutoryLimitSnapshot,
  type SupplementItem,
  type SupplementRequestedData,
} from '@lien-thong/dossier-model';

/** What the builders need besides the events: names (the caller looks them up) and the applicant. */
export interface FormContext {
  readonly language: FormLanguage;
  /** The applicant's details from the vault, or `'erased'` after erasure. */
  readonly applicant: ApplicantDetails | 'erased';
  readonly procedure: {
    readonly code: string;
    readonly version: number | null;
    readonly name: { vi: string; en?: string };
    /** The bound version's limit: form 01 prints it when the receipt did not record it (older dossiers). */
    readonly statutoryLimit?: StatutoryLimitSnapshot;
  };
  /**
   * The rule set that numbers and titles the form: the dossier's (bound at receipt), or for an intake
   * without a code, the one in force on the day of the intake's outcome.
   */
  readonly ruleSet: RuleSet;
  agencyName(code: string): string | undefined;
  documentName(code: string): string | undefined;
  /** A step's name in the bound procedure version (form 06 names steps, never by their ids). */
  stepName?(id: string): string | undefined;
  /** A staff user's display name by person id (forms sign with the person's name, not the login id). */
  staffName?(personId: string): string | undefined;
  /** The steps a step follows in the dossier's routing (a join step has several). */
  stepsBefore?(id: string): readonly string[];
  /** When the document is generated (printed in the footer). */
  readonly generatedAt: string;
}

export interface RegisterFormLine {
  readonly code: string;
  readonly procedureName: string;
  /** Số lượng hồ sơ (bộ). */
  readonly sets: number;
  readonly applicant: ApplicantDetails | 'erased';
  readonly leadAgencyName: string | null;
  readonly receivedAt: string;
  readonly dueAt: string;
  readonly transferredAt: string | null;
  readonly resultReadyAt: string | null;
  readonly returnedAt: string | null;
  /** A same-day or immediate dossier resolved within the day (true), late (false), or neither (null). */
  readonly resolvedWithinDay: boolean | null;
  readonly notes: string;
}

const VN = 7 * 3_600_000;
const pad = (n: number) => String(n).padStart(2, '0');

/** "10:05 ngày 23/11/2026" (vi) or "10:05 23/11/2026" (en), in Vietnam time. */
export function formatInstant(iso: string | null | undefined, language: FormLanguage): string {
  if (!iso) return '';
  const d = new Date(Date.parse(iso) + VN);
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  const date = `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
  return language === 'vi' ? `${time} ngày ${date}` : `${time} ${date}`;
}

function dateLine(iso: string, language: FormLanguage): string {
  const d = new Date(Date.parse(iso) + VN);
  return language === 'vi'
    ? `Ngày ${pad(d.getUTCDate())} tháng ${pad(d.getUTCMonth() + 1)} năm ${d.getUTCFullYear()}`
    : `Date: ${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
}

/** `YYYY-MM-DD` as "dd/mm/yyyy". */
function localDate(day: string): string {
  const [y, m, d] = day.split('-');
  return `${d}/${m}/${y}`;
}

const ERASED = {
  vi: '[đã xoá theo quy định về dữ liệu cá nhân]',
  en: '[erased under the personal-data rules]',
};

function l(language: FormLanguage, vi: string, en: string): string {
  return language === 'vi' ? vi : en;
}

/** The applicant as the forms print them; `nameLabel` follows the form's template ("Tiếp nhận hồ sơ của"). */
function applicantRows(ctx: FormContext, nameLabel: { vi: string; en: string }): [string, string][] {
  const L = (vi: string, en: string) => l(ctx.language, vi, en);
  if (ctx.applicant === 'erased') return [[nameLabel[ctx.language], ERASED[ctx.language]]];
  const a = ctx.applicant;
  return [
    [nameLabel[ctx.language], a.fullName],
    [L('Số giấy tờ tùy thân', 'ID number'), a.idNumber],
    [L('Địa chỉ', 'Address'), a.address],
    [L('Số điện thoại', 'Phone'), a.phone ?? ''],
    [L('Email', 'E-mail'), a.email ?? ''],
  ];
}

const DOSSIER_OF = { vi: 'Hồ sơ của', en: 'Applicant' };
const TO_APPLICANT = { vi: 'Kính gửi', en: 'To' };

function applicantName(ctx: FormContext): string {
  return ctx.applicant === 'erased' ? ERASED[ctx.language] : ctx.applicant.fullName;
}

function procedureName(ctx: FormContext): string {
  const name =
    ctx.language === 'en' ? (ctx.procedure.name.en ?? ctx.procedure.name.vi) : ctx.procedure.name.vi;
  return `${name} (${ctx.procedure.code}${ctx.procedure.version !== null ? `, v${ctx.procedure.version}` : ''})`;
}

function agency(ctx: FormContext, code: string | null | undefined): string {
  if (!code) return '';
  const name = ctx.agencyName(code);
  return name ? `${name} (${code})` : code;
}

function last<T>(
  events: readonly RecordedEvent[],
  type: DossierEventType,
): (RecordedEvent & { data: T }) | undefined {
  for (let i = events.length - 1; i >= 0; i -= 1)
    if (events[i]!.type === type) return events[i] as RecordedEvent & { data: T };
  return undefined;
}

function notAvailable(form: FormNumber, why: string, whyVi: string): DomainError {
  return formError(
    'FORM_NOT_AVAILABLE',
    `Form ${form} is not available: ${why}`,
    `Không có mẫu số ${form}: ${whyVi}`,
  );
}

/** The newest prescribed title of a kind: printed when the dossier's rule set prescribes no such form. */
function latestTitle(kind: FormKind): { vi: string; en: string } {
  for (let i = RULE_SETS.length - 1; i >= 0; i -= 1) {
    const prescribed = RULE_SETS[i]!.forms[kind];
    if (prescribed) return prescribed.title;
  }
  throw new RangeError(`no rule set prescribes a form for ${kind}`);
}

/**
 * The form's number and title as the rule set's circular has them: a dossier received before 1/7/2025
 * prints "Mẫu số 05" on its control slip (Circular 01/2018), one received since "Mẫu số 06" (Circular
 * 03/2025). The URL keeps the Circular 03/2025 number whatever the dossier's rule set.
 */
export function formHeading(
  form: FormNumber,
  ruleSet: RuleSet,
  language: FormLanguage,
): { formLabel: string; title: string } {
  const kind = FORM_KIND_OF[form];
  const prescribed = ruleSet.forms[kind];
  const circular = ruleSet.circular.number;
  const title = (prescribed?.title ?? latestTitle(kind))[language].toLocaleUpperCase('vi');
  const formLabel = prescribed
    ? l(
        language,
        `Mẫu số ${prescribed.number} (Thông tư ${circular})`,
        `Form ${prescribed.number} (Circular ${circular})`,
      )
    : l(
        language,
        `Thông tư ${circular} không quy định mẫu này`,
        `Circular ${circular} prescribes no form for this`,
      );
  return { formLabel, title };
}

function frame(
  form: FormNumber,
  ctx: { language: FormLanguage; generatedAt: string; ruleSet: RuleSet },
  issuer: string,
  at: string,
  blocks: FormBlock[],
  footerRef: string,
  subtitle?: string,
): FormDocument {
  const L = (vi: string, en: string) => l(ctx.language, vi, en);
  const decree = ctx.ruleSet.decree.number;
  return {
    form,
    language: ctx.language,
    issuer: issuer.toLocaleUpperCase('vi'),
    ...formHeading(form, ctx.ruleSet, ctx.language),
    ...(subtitle ? { subtitle } : {}),
    dateLine: dateLine(at, ctx.language),
    blocks,
    footer: L(
      `${footerRef} · Theo Nghị định ${decree} · Lập từ lịch sử hồ sơ lúc ${formatInstant(ctx.generatedAt, 'vi')} · Liên Thông`,
      `${footerRef} · Under Decree ${decree} · Generated from the dossier history at ${formatInstant(ctx.generatedAt, 'en')} · Liên Thông`,
    ),
    ...(form === '07' ? { landscape: true as const } : {}),
  };
}

/** Thời hạn giải quyết as printed: "3 ngày làm việc", "Trong ngày làm việc", "Trả kết quả ngay". */
export function statutoryLimitLabel(limit: StatutoryLimitSnapshot, language: FormLanguage): string {
  const L = (vi: string, en: string) => l(language, vi, en);
  if (limit.unit === 'sameDay') return L('Trong ngày làm việc', 'Within the working day');
  if (limit.unit === 'immediate') return L('Trả kết quả ngay', 'Result given at once');
  const n = limit.amount;
  const vi = String(n).replace('.', ',');
  const plural = n === 1 ? '' : 's';
  switch (limit.unit) {
    case 'workingDays':
      return L(`${vi} ngày làm việc`, `${n} working day${plural}`);
    case 'workingHours':
      return L(`${vi} giờ làm việc`, `${n} working hour${plural}`);
    case 'workingSeconds':
      return L(`${vi} giây làm việc`, `${n} working second${plural}`);
  }
}

const COPY_KIND_COLUMNS: readonly { kind: DocumentCopyKind; vi: string; en: string }[] = [
  { kind: 'original', vi: 'Bản chính', en: 'Original' },
  { kind: 'certified-copy', vi: 'Bản chứng thực', en: 'Certified copy' },
  { kind: 'photocopy', vi: 'Bản photo', en: 'Photocopy' },
];

/**
 * Form 02's table: each item, and for a document to bring, how many originals, certified copies or
 * photocopies (the template's three quantity columns).
 */
function itemsTable(items: readonly SupplementItem[], ctx: FormContext): FormBlock {
  const L = (vi: string, en: string) => l(ctx.language, vi, en);
  return {
    kind: 'table',
    columns: [
      L('STT', 'No.'),
      L('Thành phần hồ sơ', 'Document'),
      L('Yêu cầu', 'Action'),
      L('Nội dung bổ sung, hoàn thiện', 'What to add or correct'),
      ...COPY_KIND_COLUMNS.map((c) => c[ctx.language]),
    ],
    widths: [1, 3.5, 1.8, 5, 1.6, 1.6, 1.6],
    rows: items.map((item, i) => [
      String(i + 1),
      item.documentCode ? (ctx.documentName(item.documentCode) ?? item.documentCode) : '',
      item.action === 'add' ? L('Bổ sung', 'Add') : L('Sửa đổi', 'Correct'),
      item.description,
      ...COPY_KIND_COLUMNS.map((c) => (item.copyKind === c.kind ? String(item.copies ?? 1) : '')),
    ]),
  };
}

/** Forms 01 to 05 from a dossier's (or an intake's) events. */
export function buildForm(
  form: Exclude<FormNumber, '06' | '07'>,
  events: readonly RecordedEvent[],
  ctx: FormContext,
): FormDocument {
  const L = (vi: string, en: string) => l(ctx.language, vi, en);
  const received = last<DossierReceivedData>(events, 'DossierReceived')?.data;
  const officer = L('Người tiếp nhận', 'Receiving officer');
  switch (form) {
    case '01': {
      if (!received)
        throw notAvailable(form, 'the dossier was not accepted at intake', 'hồ sơ chưa được tiếp nhận');
      if (received.receiptIssued === false)
        throw notAvailable(
          form,
          'no receipt was issued: the result is given at once and the applicant did not ask for one',
          'không lập Giấy tiếp nhận hồ sơ và hẹn trả kết quả: thủ tục trả kết quả ngay và người nộp hồ sơ không yêu cầu',
        );
      const limit = received.statutoryLimit ?? ctx.procedure.statutoryLimit;
      const register = registerNumberOf(received.dossierCode);
      const unit = agency(ctx, received.receivingUnitCode);
      return frame(
        form,
        ctx,
        ctx.agencyName(received.receivingUnitCode) ?? received.receivingUnitCode,
        received.receivedAt,
        [
          {
            kind: 'fields',
            rows: [
              [L('Mã hồ sơ', 'Dossier code'), received.dossierCode],
              ...(received.lookupKey !== undefined
                ? [
                    [
                      L('Mã tra cứu (tra cứu trực tuyến)', 'Lookup key (online status)'),
                      received.lookupKey,
                    ] as const,
                  ]
                : []),
              [L('Bộ phận tiếp nhận và trả kết quả', 'Receiving desk'), unit],
            ],
          },
          { kind: 'fields', rows: applicantRows(ctx, { vi: 'Tiếp nhận hồ sơ của', en: 'Received from' }) },
          {
            kind: 'fields',
            rows: [
              [L('Nội dung yêu cầu giải quyết', 'Request'), procedureName(ctx)],
              [L('Hình thức nộp', 'Channel'), INTAKE_CHANNEL_LABELS[received.channel][ctx.language]],
            ],
          },
          { kind: 'heading', text: L('Thành phần hồ sơ nộp gồm', 'Documents received') },
          {
            kind: 'table',
            columns: [
              L('STT', 'No.'),
              L('Tên giấy tờ', 'Document'),
              L('Bản chính', 'Original'),
              L('Số bản', 'Copies'),
            ],
            widths: [1, 9, 2, 2],
            rows: received.documents.map((d, i) => [
              String(i + 1),
              d.name ?? ctx.documentName(d.code) ?? d.code,
              d.original ? L('Có', 'Yes') : L('Không', 'No'),
              String(d.copies),
            ]),
          },
          {
            kind: 'fields',
            rows: [
              [
                L('Số lượng hồ sơ', 'Number of sets'),
                L(`${received.sets ?? 1} bộ`, String(received.sets ?? 1)),
              ],
              [
                L('Thời gian giải quyết hồ sơ theo quy định', 'Statutory time limit'),
                limit ? statutoryLimitLabel(limit, ctx.language) : '',
              ],
              [L('Thời gian nhận hồ sơ', 'Received at'), formatInstant(received.receivedAt, ctx.language)],
              [
                L('Thời gian trả kết quả giải quyết hồ sơ', 'Result due at'),
                formatInstant(received.appointmentAt, ctx.language),
              ],
              [
                L('Đăng ký nhận kết quả tại', 'Collect the result at'),
                agency(ctx, received.collectAtUnitCode),
              ],
            ],
          },
          {
            kind: 'fields',
            rows: [
              [
                L('Vào Sổ theo dõi hồ sơ, quyển số', 'Entered in the dossier register, book'),
                register
                  ? L(
                      `Sổ ngày ${localDate(register.book)} của ${unit}`,
                      `Register of ${localDate(register.book)}, ${unit}`,
                    )
                  : '',
              ],
              [
                L('Số thứ tự', 'Entry'),
                register ? String(register.entry).padStart(4, '0') : received.dossierCode,
              ],
            ],
          },
          {
            kind: 'paragraph',
            text: L(
              'Tra cứu tình trạng hồ sơ bằng mã hồ sơ và mã tra cứu trên Cổng dịch vụ công.',
              'Look up the dossier status with its code and lookup key on the public service portal.',
            ),
          },
          {
            kind: 'signatures',
            items: [
              { title: L('Người nộp hồ sơ', 'Applicant'), name: applicantName(ctx) },
              {
                title: L('Người tiếp nhận hồ sơ', 'Receiving officer'),
                name: staff(ctx, received.receivingOfficer),
              },
            ],
          },
        ],
        received.dossierCode,
      );
    }
    case '02': {
      const atIntake = last<DossierSupplementRequestedAtIntakeData>(
        events,
        'DossierSupplementRequestedAtIntake',
      );
      const during = last<SupplementRequestedData>(events, 'SupplementRequested');
      const source = during ?? atIntake;
      if (!source) throw notAvailable(form, 'no supplement was requested', 'chưa có yêu cầu bổ sung');
      const unit = atIntake ? atIntake.data.receivingUnitCode : (during?.data.agencyCode ?? '');
      const at = atIntake ? atIntake.data.requestedAt : during!.data.requestedAt;
      const ref = received?.dossierCode ?? atIntake?.data.intakeRef ?? '';
      const officerName = atIntake
        ? staff(ctx, atIntake.data.officer)
        : during
          ? agency(ctx, during.data.agencyCode)
          : '';
      const contact = atIntake ? `${officerName}, ${agency(ctx, unit)}` : officerName;
      return frame(
        form,
        ctx,
        ctx.agencyName(unit) ?? unit,
        at,
        [
          {
            kind: 'fields',
            rows: [
              [received ? L('Mã hồ sơ', 'Dossier code') : L('Mã lượt tiếp nhận', 'Intake reference'), ref],
            ],
          },
          { kind: 'fields', rows: applicantRows(ctx, DOSSIER_OF) },
          { kind: 'fields', rows: [[L('Nội dung yêu cầu giải quyết', 'Request'), procedureName(ctx)]] },
          {
            kind: 'paragraph',
            text: L(
              'Yêu cầu hoàn thiện hồ sơ gồm những nội dung sau:',
              'Having examined the dossier, we ask you to add or correct the following:',
            ),
          },
          itemsTable(source.data.items, ctx),
          { kind: 'fields', rows: [[L('Lý do', 'Reason'), source.data.reason]] },
          ...(during
            ? [
                {
                  kind: 'fields',
                  rows: [
                    [
                      L('Hạn yêu cầu bổ sung', 'Request window ends'),
                      formatInstant(during.data.windowEndsAt, ctx.language),
                    ],
                  ],
                } as FormBlock,
              ]
            : []),
          {
            kind: 'paragraph',
            text: L(
              `Trong quá trình hoàn thiện hồ sơ nếu có vướng mắc, Ông/Bà liên hệ với ${contact} để được hướng dẫn.`,
              `If anything is unclear while completing the dossier, please contact ${contact}.`,
            ),
          },
          {
            kind: 'paragraph',
            text: L('Xin lỗi Ông/Bà vì sự bất tiện này.', 'We apologise for the inconvenience.'),
          },
          {
            kind: 'signatures',
            items: [{ title: L('Người hướng dẫn', 'Officer'), name: officerName }],
          },
        ],
        ref,
      );
    }
    case '03': {
      const refused = last<DossierRefusedAtIntakeData>(events, 'DossierRefusedAtIntake');
      if (!refused) throw notAvailable(form, 'the intake was not refused', 'hồ sơ không bị từ chối');
      const d = refused.data;
      return frame(
        form,
        ctx,
        ctx.agencyName(d.receivingUnitCode) ?? d.receivingUnitCode,
        d.refusedAt,
        [
          {
            kind: 'fields',
            rows: [
              [L('Mã lượt tiếp nhận', 'Intake reference'), d.intakeRef],
              [L('Bộ phận tiếp nhận và trả kết quả', 'Receiving desk'), agency(ctx, d.receivingUnitCode)],
            ],
          },
          { kind: 'fields', rows: applicantRows(ctx, DOSSIER_OF) },
          { kind: 'fields', rows: [[L('Nội dung yêu cầu giải quyết', 'Request'), procedureName(ctx)]] },
          {
            kind: 'paragraph',
            text: L(
              'Cơ quan, đơn vị tiếp nhận từ chối tiếp nhận hồ sơ với lý do sau:',
              'The receiving unit refuses to receive the dossier for the following reasons:',
            ),
          },
          ...d.reasons.map((r, i): FormBlock => ({ kind: 'paragraph', text: `${i + 1}. ${r}` })),
          { kind: 'paragraph', text: L('Xin trân trọng thông báo!', 'Respectfully notified.') },
          { kind: 'signatures', items: [{ title: officer, name: staff(ctx, d.officer) }] },
        ],
        d.intakeRef,
      );
    }
    case '04': {
      const apology = last<ApologyIssuedData>(events, 'ApologyIssued');
      if (!apology || !received) throw notAvailable(form, 'no apology was issued', 'chưa có phiếu xin lỗi');
      const a = apology.data;
      return frame(
        form,
        ctx,
        ctx.agencyName(a.responsibleAgencyCode) ?? a.responsibleAgencyCode,
        a.issuedAt,
        [
          { kind: 'fields', rows: [[L('Mã hồ sơ', 'Dossier code'), received.dossierCode]] },
          { kind: 'fields', rows: applicantRows(ctx, TO_APPLICANT) },
          {
            kind: 'fields',
            rows: [
              [L('Nội dung yêu cầu giải quyết', 'Request'), procedureName(ctx)],
              [L('Ngày tiếp nhận', 'Received at'), formatInstant(received.receivedAt, ctx.language)],
              [
                L('Ngày hẹn trả kết quả', 'Original appointment'),
                formatInstant(a.previousAppointmentAt, ctx.language),
              ],
              [
                L('Thời hạn giải quyết theo quy định', 'Statutory due date'),
                formatInstant(a.originalDueAt, ctx.language),
              ],
            ],
          },
          { kind: 'fields', rows: [[L('Lý do chậm trả kết quả', 'Reason for the delay'), a.reason]] },
          {
            kind: 'paragraph',
            // Circular 01/2018 (form 04): an apology and a new appointment; Circular 03/2025 (form 04): an
            // apology and a request to extend the processing time.
            text:
              ctx.ruleSet.version === 'decree-61-2018'
                ? L(
                    `${agency(ctx, a.responsibleAgencyCode)} xin lỗi Ông/Bà vì đã chậm trả kết quả so với thời hạn đã hẹn và hẹn lại thời gian trả kết quả như sau:`,
                    `${agency(ctx, a.responsibleAgencyCode)} apologises for the delay and sets a new appointment:`,
                  )
                : L(
                    `${agency(ctx, a.responsibleAgencyCode)} xin lỗi Ông/Bà vì đã chậm trả kết quả so với thời hạn đã hẹn và đề nghị gia hạn thời gian giải quyết hồ sơ đến:`,
                    `${agency(ctx, a.responsibleAgencyCode)} apologises for the delay and asks to extend the processing time until:`,
                  ),
          },
          {
            kind: 'fields',
            rows: [
              [
                L('Thời gian hẹn trả kết quả mới', 'New appointment'),
                formatInstant(a.newAppointmentAt, ctx.language),
              ],
              [L('Lần hẹn lại', 'Re-appointment'), String(a.reappointment)],
            ],
          },
          {
            kind: 'paragraph',
            text: L('Rất mong nhận được sự thông cảm của Ông/Bà.', 'We ask for your understanding.'),
          },
          {
            kind: 'signatures',
            // The head's name and title as the directory had them when signing (issue 18, item 4);
            // apologies recorded before that print the staff reference.
            items: [
              {
                title: L('Thủ trưởng cơ quan', 'Head of the agency'),
                name: a.signer ? `${a.signer.name} (${a.signer.title})` : a.signedBy,
              },
            ],
          },
        ],
        received.dossierCode,
      );
    }
    case '05': {
      const stopped = last<ProcessingStoppedData>(events, 'ProcessingStopped');
      const withdrawn = last<DossierWithdrawnData>(events, 'DossierWithdrawn');
      if ((!stopped && !withdrawn) || !received)
        throw notAvailable(form, 'processing was not stopped', 'hồ sơ không bị dừng xử lý');
      const at = stopped ? stopped.data.stoppedAt : withdrawn!.data.withdrawnAt;
      const requester = stopped
        ? stopped.data.requester === 'applicant'
          ? L('Người nộp hồ sơ', 'The applicant')
          : agency(ctx, stopped.data.requestingAgencyCode)
        : L('Người nộp hồ sơ (rút hồ sơ)', 'The applicant (withdrawal)');
      return frame(
        form,
        ctx,
        ctx.agencyName(received.receivingUnitCode) ?? received.receivingUnitCode,
        at,
        [
          { kind: 'fields', rows: [[L('Mã hồ sơ', 'Dossier code'), received.dossierCode]] },
          { kind: 'fields', rows: applicantRows(ctx, TO_APPLICANT) },
          {
            kind: 'fields',
            rows: [
              [L('Nội dung yêu cầu giải quyết', 'Request'), procedureName(ctx)],
              [L('Ngày tiếp nhận', 'Received at'), formatInstant(received.receivedAt, ctx.language)],
              [L('Thời điểm dừng giải quyết', 'Stopped at'), formatInstant(at, ctx.language)],
              [L('Người đề nghị dừng', 'Requested by'), requester],
              [L('Lý do', 'Reason'), (stopped ? stopped.data.reason : withdrawn!.data.reason) ?? ''],
              ...(stopped?.data.legalGround
                ? ([[L('Căn cứ pháp lý', 'Legal ground'), stopped.data.legalGround]] as [string, string][])
                : []),
            ],
          },
          {
            kind: 'signatures',
            items: [
              { title: L('Bộ phận Một cửa', 'One-stop desk'), name: agency(ctx, received.receivingUnitCode) },
            ],
          },
        ],
        received.dossierCode,
      );
    }
  }
}

/** A staff user as printed: the display name, or the reference when the directory has none. */
function staff(ctx: FormContext, personId: string): string {
  return ctx.staffName?.(personId) ?? personId;
}

/** Form 06 from the control-slip read model. */
export function buildControlSlipForm(slip: ControlSlip, ctx: FormContext): FormDocument {
  const L = (vi: string, en: string) => l(ctx.language, vi, en);
  const h = slip.header;
  const kinds: Record<string, string> = {
    transfer: L('Chuyển hồ sơ', 'Transfer'),
    handoff: L('Giao bước', 'Handoff'),
    return: L('Trả lại bước trước', 'Handed back'),
    result: L('Trả kết quả về Một cửa', 'Result to the desk'),
  };
  /**
   * Who handed the step over: for a step after several others (a join), every agency that did one of
   * them (the handoff event names only the last); otherwise the row's own.
   */
  const handedBy = (r: ControlSlip['rows'][number], before: ControlSlip['rows']): string => {
    const predecessors = r.kind === 'handoff' && r.stepId ? (ctx.stepsBefore?.(r.stepId) ?? []) : [];
    if (predecessors.length < 2) return agency(ctx, r.fromAgencyCode);
    const agencies = [
      ...new Set(
        predecessors.flatMap((p) =>
          before.filter((x) => x.kind === 'handoff' && x.stepId === p).map((x) => x.toAgencyCode),
        ),
      ),
    ];
    return (agencies.length > 0 ? agencies : [r.fromAgencyCode]).map((c) => agency(ctx, c)).join('; ');
  };
  return frame(
    '06',
    ctx,
    ctx.agencyName(h.receivingUnitCode) ?? h.receivingUnitCode,
    h.receivedAt,
    [
      {
        kind: 'fields',
        rows: [
          [L('Mã hồ sơ', 'Dossier code'), h.code],
          [L('Kèm theo hồ sơ của', 'Applicant'), applicantName(ctx)],
          [L('Thủ tục', 'Procedure'), procedureName(ctx)],
          [L('Thời gian nhận hồ sơ', 'Received at'), formatInstant(h.receivedAt, ctx.language)],
          [L('Thời gian trả kết quả', 'Due at'), formatInstant(h.appointmentAt, ctx.language)],
          [L('Cơ quan chủ trì', 'Lead agency'), agency(ctx, h.leadAgencyCode)],
          [
            L('Cơ quan phối hợp', 'Co-operating agencies'),
            h.coOperatingAgencyCodes.map((c) => agency(ctx, c)).join('; '),
          ],
          [L('Tình trạng', 'Status'), STATUS_LABELS[slip.status][ctx.language]],
        ],
      },
      {
        kind: 'table',
        columns: [
          L('Bước xử lý', 'Step'),
          L('Bên giao', 'From'),
          L('Bên nhận', 'To'),
          L('Thời gian giao, nhận', 'Handed over / received'),
          L(
            'Kết quả giải quyết bước trước (trước hạn/đúng hạn/trễ hạn)',
            'Previous step (early/on time/late)',
          ),
          L('Ghi chú', 'Notes'),
        ],
        widths: [3, 4, 4, 4, 3, 5],
        rows: slip.rows.map((r, i) => [
          `${kinds[r.kind] ?? r.kind}${r.stepId ? `: ${ctx.stepName?.(r.stepId) ?? r.stepId}` : ''}`,
          handedBy(r, slip.rows.slice(0, i)),
          agency(ctx, r.toAgencyCode),
          `${formatInstant(r.handedOffAt, ctx.language)}${r.receivedAt ? `\n${L('nhận', 'received')} ${formatInstant(r.receivedAt, ctx.language)}` : ''}`,
          r.previousStepOutcome ? STEP_JUDGEMENT_LABELS[r.previousStepOutcome][ctx.language] : '',
          [
            // A step excluded from the limit: its `not-counted` note says so and how its own period went.
            r.outcome === 'not-counted'
              ? L('Hoàn thành', 'Completed')
              : r.outcome
                ? `${L('Hoàn thành', 'Completed')} ${TIMELINESS_LABELS[r.outcome][ctx.language]}`
                : '',
            ...r.notes.map((n) => n.text[ctx.language]),
          ]
            .filter(Boolean)
            .join('; '),
        ]),
      },
      ...(slip.notes.length > 0
        ? [
            { kind: 'heading', text: L('Ghi chú chung', 'Notes') } as FormBlock,
            ...slip.notes.map((n): FormBlock => ({
              kind: 'paragraph',
              text: `${formatInstant(n.at, ctx.language)}: ${n.text[ctx.language]}`,
            })),
          ]
        : []),
    ],
    h.code,
  );
}

/**
 * Form 07 (06 under Circular 01/2018) from register lines of a period. The period is printed under the
 * rule set in force on its first day: print the days before and after 1/7/2025 separately to keep each
 * under its own numbering.
 */
export function buildRegisterForm(
  lines: readonly RegisterFormLine[],
  period: { readonly from: string; readonly to: string; readonly unitName: string },
  ctx: { readonly language: FormLanguage; readonly generatedAt: string; readonly ruleSet: RuleSet },
): FormDocument {
  const L = (vi: string, en: string) => l(ctx.language, vi, en);
  return frame(
    '07',
    ctx,
    period.unitName,
    ctx.generatedAt,
    [
      {
        kind: 'table',
        columns: [
          L('STT', 'No.'),
          L('Mã hồ sơ', 'Code'),
          L('Tên thủ tục hành chính', 'Procedure'),
          L('Số lượng hồ sơ (bộ)', 'Sets'),
          L('Tên cá nhân, tổ chức', 'Applicant'),
          L('Địa chỉ, số điện thoại', 'Address, phone'),
          L('Cơ quan chủ trì giải quyết', 'Lead agency'),
          L('Nhận hồ sơ', 'Received'),
          L('Hẹn trả kết quả', 'Due'),
          L('Chuyển hồ sơ đến cơ quan giải quyết', 'Sent to agency'),
          L('Nhận kết quả từ cơ quan giải quyết', 'Result at desk'),
          L('Trả kết quả cho cá nhân, tổ chức', 'Returned'),
          L('Ghi chú', 'Notes'),
        ],
        widths: [1.1, 3.6, 3.6, 1.4, 2.6, 3.2, 2.8, 2.2, 2.2, 2.2, 2.2, 2.2, 3],
        rows: lines.map((x, i) => [
          String(i + 1),
          x.code,
          x.procedureName,
          String(x.sets),
          x.applicant === 'erased' ? ERASED[ctx.language] : x.applicant.fullName,
          x.applicant === 'erased'
            ? ERASED[ctx.language]
            : [x.applicant.address, x.applicant.phone].filter(Boolean).join('; '),
          x.leadAgencyName ?? '',
          formatInstant(x.receivedAt, ctx.language),
          formatInstant(x.dueAt, ctx.language),
          formatInstant(x.transferredAt, ctx.language),
          formatInstant(x.resultReadyAt, ctx.language),
          formatInstant(x.returnedAt, ctx.language),
          [x.resolvedWithinDay === true ? L('Giải quyết trong ngày', 'Resolved within the day') : '', x.notes]
            .filter(Boolean)
            .join('; '),
        ]),
      },
    ],
    L(
      `Kỳ ${formatInstant(period.from, 'vi')} – ${formatInstant(period.to, 'vi')}`,
      `Period ${formatInstant(period.from, 'en')} – ${formatInstant(period.to, 'en')}`,
    ),
    L(
      `Từ ${formatInstant(period.from, 'vi')} đến ${formatInstant(period.to, 'vi')}`,
      `From ${formatInstant(period.from, 'en')} to ${formatInstant(period.to, 'en')}`,
    ),
  );
}
