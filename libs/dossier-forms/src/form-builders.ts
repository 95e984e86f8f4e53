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
import type { FormBlock, FormDocument, FormLanguage, FormNumber } from './form-document';
import { type ApplicantDetails } from '@lien-thong/personal-data';
import {
  type ApologyIssuedData,
  type DossierEventType,
  type DossierReceivedData,
  type DossierRefusedAtIntakeData,
  type DossierSupplementRequestedAtIntakeData,
  type DossierWithdrawnData,
  type ProcessingStoppedData,
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
  };
  agencyName(code: string): string | undefined;
  documentName(code: string): string | undefined;
  /** When the document is generated (printed in the footer). */
  readonly generatedAt: string;
}

export interface RegisterFormLine {
  readonly code: string;
  readonly procedureName: string;
  readonly applicant: ApplicantDetails | 'erased';
  readonly leadAgencyName: string | null;
  readonly receivedAt: string;
  readonly dueAt: string;
  readonly transferredAt: string | null;
  readonly resultReadyAt: string | null;
  readonly returnedAt: string | null;
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

const ERASED = {
  vi: '[đã xoá theo quy định về dữ liệu cá nhân]',
  en: '[erased under the personal-data rules]',
};

function l(language: FormLanguage, vi: string, en: string): string {
  return language === 'vi' ? vi : en;
}

function applicantRows(ctx: FormContext): [string, string][] {
  const L = (vi: string, en: string) => l(ctx.language, vi, en);
  if (ctx.applicant === 'erased') return [[L('Người nộp hồ sơ', 'Applicant'), ERASED[ctx.language]]];
  const a = ctx.applicant;
  return [
    [L('Họ và tên người nộp hồ sơ', 'Applicant'), a.fullName],
    [L('Số giấy tờ tùy thân', 'ID number'), a.idNumber],
    [L('Địa chỉ', 'Address'), a.address],
    [L('Số điện thoại', 'Phone'), a.phone ?? ''],
    [L('Thư điện tử', 'E-mail'), a.email ?? ''],
  ];
}

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

const FORM_TITLES: Record<FormNumber, { vi: string; en: string }> = {
  '01': { vi: 'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ', en: 'RECEIPT AND APPOINTMENT SLIP' },
  '02': { vi: 'PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ', en: 'REQUEST TO SUPPLEMENT THE DOSSIER' },
  '03': { vi: 'PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ', en: 'REFUSAL TO RECEIVE THE DOSSIER' },
  '04': { vi: 'PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ', en: 'APOLOGY AND NEW APPOINTMENT' },
  '05': { vi: 'THÔNG BÁO DỪNG XỬ LÝ HỒ SƠ', en: 'NOTICE OF STOPPING PROCESSING' },
  '06': { vi: 'PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ', en: 'CONTROL SLIP OF THE DOSSIER PROCESS' },
  '07': { vi: 'SỔ THEO DÕI HỒ SƠ', en: 'DOSSIER REGISTER' },
};

function frame(
  form: FormNumber,
  ctx: { language: FormLanguage; generatedAt: string },
  issuer: string,
  at: string,
  blocks: FormBlock[],
  footerRef: string,
  subtitle?: string,
): FormDocument {
  const L = (vi: string, en: string) => l(ctx.language, vi, en);
  return {
    form,
    language: ctx.language,
    issuer: issuer.toUpperCase(),
    formLabel: L(`Mẫu số ${form}`, `Form ${form}`),
    title: FORM_TITLES[form][ctx.language],
    ...(subtitle ? { subtitle } : {}),
    dateLine: dateLine(at, ctx.language),
    blocks,
    footer: L(
      `${footerRef} · Lập từ lịch sử hồ sơ lúc ${formatInstant(ctx.generatedAt, 'vi')} · Liên Thông`,
      `${footerRef} · Generated from the dossier history at ${formatInstant(ctx.generatedAt, 'en')} · Liên Thông`,
    ),
  };
}

function itemsTable(items: readonly SupplementItem[], ctx: FormContext): FormBlock {
  const L = (vi: string, en: string) => l(ctx.language, vi, en);
  return {
    kind: 'table',
    columns: [
      L('STT', 'No.'),
      L('Giấy tờ', 'Document'),
      L('Yêu cầu', 'Action'),
      L('Nội dung bổ sung, hoàn thiện', 'What to add or correct'),
    ],
    widths: [1, 4, 2, 7],
    rows: items.map((item, i) => [
      String(i + 1),
      item.documentCode ? (ctx.documentName(item.documentCode) ?? item.documentCode) : '',
      item.action === 'add' ? L('Bổ sung', 'Add') : L('Sửa đổi', 'Correct'),
      item.description,
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
            ],
          },
          { kind: 'fields', rows: applicantRows(ctx) },
          {
            kind: 'fields',
            rows: [
              [L('Nội dung yêu cầu giải quyết', 'Request'), procedureName(ctx)],
              [L('Hình thức nộp', 'Channel'), INTAKE_CHANNEL_LABELS[received.channel][ctx.language]],
            ],
          },
          { kind: 'heading', text: L('Thành phần hồ sơ', 'Documents received') },
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
              [L('Thời gian nhận hồ sơ', 'Received at'), formatInstant(received.receivedAt, ctx.language)],
              [
                L('Thời gian trả kết quả', 'Result due at'),
                formatInstant(received.appointmentAt, ctx.language),
              ],
              [L('Nơi nhận kết quả', 'Collect the result at'), agency(ctx, received.collectAtUnitCode)],
            ],
          },
          {
            kind: 'paragraph',
            text: L(
              'Vào Sổ theo dõi hồ sơ. Tra cứu tình trạng hồ sơ bằng mã hồ sơ trên Cổng dịch vụ công.',
              'Entered in the dossier register. Look up the dossier status with its code on the public service portal.',
            ),
          },
          {
            kind: 'signatures',
            items: [
              { title: L('Người nộp hồ sơ', 'Applicant'), name: applicantName(ctx) },
              { title: officer, name: received.receivingOfficer },
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
          { kind: 'fields', rows: applicantRows(ctx) },
          { kind: 'fields', rows: [[L('Nội dung yêu cầu giải quyết', 'Request'), procedureName(ctx)]] },
          {
            kind: 'paragraph',
            text: L(
              'Sau khi xem xét thành phần hồ sơ, đề nghị Ông/Bà bổ sung, hoàn thiện hồ sơ gồm những nội dung sau:',
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
            text: L('Xin lỗi Ông/Bà vì sự bất tiện này.', 'We apologise for the inconvenience.'),
          },
          {
            kind: 'signatures',
            items: [
              {
                title: L('Người hướng dẫn', 'Officer'),
                name: atIntake?.data.officer ?? (during ? agency(ctx, during.data.agencyCode) : ''),
              },
            ],
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
          { kind: 'fields', rows: [[L('Mã lượt tiếp nhận', 'Intake reference'), d.intakeRef]] },
          { kind: 'fields', rows: applicantRows(ctx) },
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
          { kind: 'signatures', items: [{ title: officer, name: d.officer }] },
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
          { kind: 'fields', rows: applicantRows(ctx) },
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
            text: L(
              `${agency(ctx, a.responsibleAgencyCode)} xin lỗi Ông/Bà vì đã chậm trả kết quả so với thời hạn đã hẹn và hẹn lại thời gian trả kết quả như sau:`,
              `${agency(ctx, a.responsibleAgencyCode)} apologises for the delay and sets a new appointment:`,
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
            items: [{ title: L('Thủ trưởng cơ quan', 'Head of the agency'), name: a.signedBy }],
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
          { kind: 'fields', rows: applicantRows(ctx) },
          {
            kind: 'fields',
            rows: [
              [L('Nội dung yêu cầu giải quyết', 'Request'), procedureName(ctx)],
              [L('Ngày tiếp nhận', 'Received at'), formatInstant(received.receivedAt, ctx.language)],
              [L('Thời điểm dừng xử lý', 'Stopped at'), formatInstant(at, ctx.language)],
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
          [L('Người nộp hồ sơ', 'Applicant'), applicantName(ctx)],
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
          L('Kết quả bước trước', 'Previous step'),
          L('Ghi chú', 'Notes'),
        ],
        widths: [3, 4, 4, 4, 3, 5],
        rows: slip.rows.map((r) => [
          `${kinds[r.kind] ?? r.kind}${r.stepId ? `: ${r.stepId}` : ''}`,
          agency(ctx, r.fromAgencyCode),
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

/** Form 07 from register lines of a period. */
export function buildRegisterForm(
  lines: readonly RegisterFormLine[],
  period: { readonly from: string; readonly to: string; readonly unitName: string },
  ctx: { readonly language: FormLanguage; readonly generatedAt: string },
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
          L('Thủ tục', 'Procedure'),
          L('Người nộp', 'Applicant'),
          L('Cơ quan chủ trì', 'Lead agency'),
          L('Nhận hồ sơ', 'Received'),
          L('Hẹn trả', 'Due'),
          L('Chuyển xử lý', 'Sent to agency'),
          L('Kết quả về Một cửa', 'Result at desk'),
          L('Trả kết quả', 'Returned'),
          L('Ghi chú', 'Notes'),
        ],
        widths: [1.2, 4, 4, 3, 3, 2.6, 2.6, 2.6, 2.6, 2.6, 3],
        rows: lines.map((x, i) => [
          String(i + 1),
          x.code,
          x.procedureName,
          x.applicant === 'erased' ? ERASED[ctx.language] : x.applicant.fullName,
          x.leadAgencyName ?? '',
          formatInstant(x.receivedAt, ctx.language),
          formatInstant(x.dueAt, ctx.language),
          formatInstant(x.transferredAt, ctx.language),
          formatInstant(x.resultReadyAt, ctx.language),
          formatInstant(x.returnedAt, ctx.language),
          x.notes,
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
