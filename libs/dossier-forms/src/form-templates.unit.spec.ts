import type { RecordedEvent } from '@lien-thong/event-store';
import { evolveControlSlip } from '@lien-thong/dossier-tracing';
import { foldDoc } from '@lien-thong/dossier-tracing/testing';
import { allStepsDone, received as fixtureReceived } from '@lien-thong/dossiers/testing';
import { type ApplicantDetails } from '@lien-thong/personal-data';
import { ruleSetOf, type DossierEvent, type RuleSetVersion } from '@lien-thong/dossier-model';
import {
  buildControlSlipForm,
  buildForm,
  buildRegisterForm,
  type FormContext,
  type RegisterFormLine,
} from './form-builders';
import type { FormDocument } from './form-document';

/**
 * Every form checked field by field against its template (issue 18, item 8). Each list names the
 * template's fields in Vietnamese, as Circular 01/2018/TT-VPCP prints them (forms 01 to 06 there) and
 * as Circular 03/2025/TT-VPCP keeps them (01 to 07), and the value this form must print for each. The
 * templates' field lists were read from Circular 01/2018 and from provincial systems that print its
 * forms; Circular 03/2025's own templates could not be checked here (docs/rules.md, item 8).
 */

const CODE = '000.00.71.H29-260212-0001';
const DESK = '000.00.71.H29';
const DESK_NAME = `Ủy ban nhân dân phường Sài Gòn (${DESK})`;
const applicant: ApplicantDetails = {
  fullName: 'Nguyễn Thị Minh Khai',
  address: '12 Lê Lợi, phường Sài Gòn, Thành phố Hồ Chí Minh',
  phone: '0903123456',
  email: 'minhkhai@example.vn',
  idNumber: '079190001234',
  dateOfBirth: '1990-05-19',
};
const PROCEDURE = 'Liên thông đăng ký khai sinh (1.001193, v1)';

function recorded(events: DossierEvent[], stream = `dossier-${CODE}`): RecordedEvent[] {
  return events.map((e, i) => ({
    id: `e${i}`,
    type: e.type,
    schemaVersion: 1,
    data: e.data,
    metadata: {
      occurredAt: '2026-02-12T10:00:00.000+07:00',
      actor: { personId: 'cb-1' },
      correlationId: 'c',
    },
    streamName: stream,
    revision: i,
    position: BigInt(i + 1),
    recordedAt: '2026-02-12T03:00:00.000Z',
    hash: `h${i}`,
    previousHash: i === 0 ? null : `h${i - 1}`,
  }));
}

const received = (ruleSet: RuleSetVersion = 'decree-118-2025'): DossierEvent => ({
  type: 'DossierReceived',
  data: {
    dossierCode: CODE,
    intakeRef: 'DVCQG-1',
    procedure: { code: '1.001193', version: 1, bundleOf: [] },
    ruleSet,
    statutoryLimit: { unit: 'workingDays', amount: 3 },
    sets: 2,
    channel: 'counter',
    channelNote: null,
    applicantRef: 'pdv_x',
    documents: [
      { code: 'giay-chung-sinh', name: 'Giấy chứng sinh', copies: 1, original: true },
      { code: 'to-khai', name: null, copies: 2, original: false },
    ],
    receivedAt: '2026-02-12T10:00:00.000+07:00',
    appointmentAt: '2026-02-24T17:00:00.000+07:00',
    receivingUnitCode: DESK,
    receivingOfficer: 'Lê Văn Tiếp Nhận',
    collectAtUnitCode: DESK,
    routing: { supplementPolicy: 'pause', maxReappointments: 1, steps: [] },
    lookupKey: '7K3QD-9XHM2',
  },
});

const AGENCIES: Record<string, string> = {
  [DESK]: 'Ủy ban nhân dân phường Sài Gòn',
  '000.00.72.H29': 'Công an phường Sài Gòn',
};
/** An agency as the forms print it: its name and code. */
const agencyLabel = (code: string | null): string =>
  code === null ? '' : AGENCIES[code] ? `${AGENCIES[code]} (${code})` : code;

const ctx = (ruleSet: RuleSetVersion = 'decree-118-2025'): FormContext => ({
  language: 'vi',
  applicant,
  procedure: { code: '1.001193', version: 1, name: { vi: 'Liên thông đăng ký khai sinh' } },
  ruleSet: ruleSetOf(ruleSet),
  agencyName: (code) => AGENCIES[code],
  documentName: (code) => (code === 'to-khai' ? 'Tờ khai điện tử liên thông' : undefined),
  generatedAt: '2026-02-12T03:05:00.000Z',
});

/** What a form prints, by where it prints it. */
function printed(doc: FormDocument) {
  const fields = new Map<string, string>();
  const signatures = new Map<string, string>();
  const texts: string[] = [];
  const tables: { columns: readonly string[]; rows: readonly (readonly string[])[] }[] = [];
  for (const b of doc.blocks) {
    if (b.kind === 'fields') for (const [label, value] of b.rows) fields.set(label, value);
    else if (b.kind === 'signatures') for (const i of b.items) signatures.set(i.title, i.name);
    else if (b.kind === 'table') tables.push(b);
    else texts.push(b.text);
  }
  return { fields, signatures, texts, tables };
}
type Printed = ReturnType<typeof printed>;
type Reader = (p: Printed) => string | undefined;

const field: (label: string) => Reader = (label) => (p) => p.fields.get(label);
const signature: (title: string) => Reader = (title) => (p) => p.signatures.get(title);
/** A table column's values, one per row, joined with " | ". */
const column: (name: string) => Reader = (name) => (p) => {
  const table = p.tables.find((t) => t.columns.includes(name));
  const i = table?.columns.indexOf(name) ?? -1;
  return table ? table.rows.map((r) => r[i] ?? '').join(' | ') : undefined;
};
const text: (start: string) => Reader = (start) => (p) => p.texts.find((t) => t.startsWith(start));

/** [the template's field, where this form prints it, the value it must print]. */
type Template = readonly (readonly [string, Reader, string])[];

function expectTemplate(doc: FormDocument, template: Template): void {
  const p = printed(doc);
  for (const [name, read, value] of template)
    expect({ field: name, printed: read(p) }).toEqual({ field: name, printed: value });
}

function expectHeading(doc: FormDocument, formLabel: string, title: string): void {
  expect({ formLabel: doc.formLabel, title: doc.title }).toEqual({ formLabel, title });
}

describe('form templates, field by field (issue 18, item 8)', () => {
  it('form 01, Giấy tiếp nhận hồ sơ và hẹn trả kết quả: every field, with the time limit and the register number', () => {
    const template: Template = [
      ['Mã hồ sơ', field('Mã hồ sơ'), CODE],
      ['Bộ phận tiếp nhận và trả kết quả', field('Bộ phận tiếp nhận và trả kết quả'), DESK_NAME],
      ['Tiếp nhận hồ sơ của', field('Tiếp nhận hồ sơ của'), applicant.fullName],
      ['Địa chỉ', field('Địa chỉ'), applicant.address],
      ['Số điện thoại', field('Số điện thoại'), '0903123456'],
      ['Email', field('Email'), 'minhkhai@example.vn'],
      ['Nội dung yêu cầu giải quyết', field('Nội dung yêu cầu giải quyết'), PROCEDURE],
      ['1. Thành phần hồ sơ nộp gồm', column('Tên giấy tờ'), 'Giấy chứng sinh | Tờ khai điện tử liên thông'],
      ['1. Thành phần hồ sơ nộp gồm (số bản)', column('Số bản'), '1 | 2'],
      ['2. Số lượng hồ sơ (bộ)', field('Số lượng hồ sơ'), '2 bộ'],
      [
        '3. Thời gian giải quyết hồ sơ theo quy định',
        field('Thời gian giải quyết hồ sơ theo quy định'),
        '3 ngày làm việc',
      ],
      ['4. Thời gian nhận hồ sơ', field('Thời gian nhận hồ sơ'), '10:00 ngày 12/02/2026'],
      [
        '5. Thời gian trả kết quả giải quyết hồ sơ',
        field('Thời gian trả kết quả giải quyết hồ sơ'),
        '17:00 ngày 24/02/2026',
      ],
      ['6. Đăng ký nhận kết quả tại', field('Đăng ký nhận kết quả tại'), DESK_NAME],
      [
        'Vào Sổ theo dõi hồ sơ, Quyển số',
        field('Vào Sổ theo dõi hồ sơ, quyển số'),
        `Sổ ngày 12/02/2026 của ${DESK_NAME}`,
      ],
      ['Số thứ tự', field('Số thứ tự'), '0001'],
      ['Người nộp hồ sơ (ký, ghi rõ họ tên)', signature('Người nộp hồ sơ'), applicant.fullName],
      ['Người tiếp nhận hồ sơ (ký, ghi rõ họ tên)', signature('Người tiếp nhận hồ sơ'), 'Lê Văn Tiếp Nhận'],
    ];
    for (const ruleSet of ['decree-61-2018', 'decree-118-2025'] as const) {
      const doc = buildForm('01', recorded([received(ruleSet)]), ctx(ruleSet));
      expectTemplate(doc, template);
    }
    expectHeading(
      buildForm('01', recorded([received('decree-61-2018')]), ctx('decree-61-2018')),
      'Mẫu số 01 (Thông tư 01/2018/TT-VPCP)',
      'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ',
    );
    expectHeading(
      buildForm('01', recorded([received()]), ctx()),
      'Mẫu số 01 (Thông tư 03/2025/TT-VPCP)',
      'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ',
    );
  });

  it('form 01 prints the limit of the bound version for a receipt that did not record it, and "trong ngày" or "ngay"', () => {
    const old = received();
    if (old.type !== 'DossierReceived') throw new Error('fixture');
    const { statutoryLimit: _l, sets: _s, ...before } = old.data;
    const doc = buildForm('01', recorded([{ type: 'DossierReceived', data: before }]), {
      ...ctx(),
      procedure: { ...ctx().procedure, statutoryLimit: { unit: 'workingDays', amount: 0.5 } },
    });
    expectTemplate(doc, [
      [
        'Thời gian giải quyết hồ sơ theo quy định',
        field('Thời gian giải quyết hồ sơ theo quy định'),
        '0,5 ngày làm việc',
      ],
      ['Số lượng hồ sơ', field('Số lượng hồ sơ'), '1 bộ'],
    ]);
    for (const [statutoryLimit, label] of [
      [{ unit: 'sameDay' }, 'Trong ngày làm việc'],
      [{ unit: 'immediate' }, 'Trả kết quả ngay'],
    ] as const) {
      const doc = buildForm(
        '01',
        recorded([{ type: 'DossierReceived', data: { ...before, statutoryLimit } }]),
        ctx(),
      );
      expect(printed(doc).fields.get('Thời gian giải quyết hồ sơ theo quy định')).toBe(label);
    }
  });

  it('form 02, Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ: every field, with original, certified copy or photocopy per item', () => {
    const requested: DossierEvent = {
      type: 'DossierSupplementRequestedAtIntake',
      data: {
        intakeRef: 'quay-13',
        procedure: { code: '1.001193', version: 1 },
        channel: 'counter',
        applicantRef: 'pdv_y',
        receivingUnitCode: DESK,
        officer: 'Lê Văn Hướng Dẫn',
        requestedAt: '2026-02-12T10:00:00.000+07:00',
        items: [
          {
            documentCode: 'giay-chung-sinh',
            action: 'add',
            description: 'Nộp bản chính',
            copyKind: 'original',
            copies: 1,
          },
          {
            documentCode: 'to-khai',
            action: 'add',
            description: 'Nộp bản chứng thực',
            copyKind: 'certified-copy',
            copies: 2,
          },
          {
            documentCode: 'cccd',
            action: 'add',
            description: 'Nộp bản photo CCCD',
            copyKind: 'photocopy',
            copies: 3,
          },
          { documentCode: null, action: 'correct', description: 'Sửa ngày sinh trên tờ khai' },
        ],
        reason: 'Hồ sơ chưa đủ thành phần',
      },
    };
    const template: Template = [
      ['Hồ sơ của', field('Hồ sơ của'), applicant.fullName],
      ['Nội dung yêu cầu giải quyết', field('Nội dung yêu cầu giải quyết'), PROCEDURE],
      ['Địa chỉ', field('Địa chỉ'), applicant.address],
      ['Số điện thoại', field('Số điện thoại'), '0903123456'],
      ['Email', field('Email'), 'minhkhai@example.vn'],
      [
        'Yêu cầu hoàn thiện hồ sơ gồm những nội dung sau',
        text('Yêu cầu hoàn thiện hồ sơ'),
        'Yêu cầu hoàn thiện hồ sơ gồm những nội dung sau:',
      ],
      [
        'Thành phần hồ sơ',
        column('Thành phần hồ sơ'),
        'Giấy chứng sinh | Tờ khai điện tử liên thông | cccd | ',
      ],
      [
        'Nội dung',
        column('Nội dung bổ sung, hoàn thiện'),
        'Nộp bản chính | Nộp bản chứng thực | Nộp bản photo CCCD | Sửa ngày sinh trên tờ khai',
      ],
      ['Số lượng: Bản chính', column('Bản chính'), '1 |  |  | '],
      ['Số lượng: Bản chứng thực', column('Bản chứng thực'), ' | 2 |  | '],
      ['Số lượng: Bản photo', column('Bản photo'), ' |  | 3 | '],
      ['Lý do', field('Lý do'), 'Hồ sơ chưa đủ thành phần'],
      [
        'Trong quá trình hoàn thiện hồ sơ nếu có vướng mắc, ông (bà) liên hệ với … để được hướng dẫn',
        text('Trong quá trình hoàn thiện hồ sơ'),
        `Trong quá trình hoàn thiện hồ sơ nếu có vướng mắc, Ông/Bà liên hệ với Lê Văn Hướng Dẫn, ${DESK_NAME} để được hướng dẫn.`,
      ],
      ['Người hướng dẫn (ký, ghi rõ họ tên)', signature('Người hướng dẫn'), 'Lê Văn Hướng Dẫn'],
    ];
    const doc = buildForm('02', recorded([requested], 'intake-quay-13'), {
      ...ctx(),
      documentName: (code) =>
        ({ 'giay-chung-sinh': 'Giấy chứng sinh', 'to-khai': 'Tờ khai điện tử liên thông' })[code],
    });
    expectTemplate(doc, template);
    expectHeading(doc, 'Mẫu số 02 (Thông tư 03/2025/TT-VPCP)', 'PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ');
  });

  it('form 03, Phiếu từ chối tiếp nhận giải quyết hồ sơ: every field', () => {
    const refused: DossierEvent = {
      type: 'DossierRefusedAtIntake',
      data: {
        intakeRef: 'quay-14',
        procedure: { code: '1.001193', version: 1 },
        channel: 'counter',
        applicantRef: 'pdv_z',
        receivingUnitCode: DESK,
        officer: 'Lê Văn Tiếp Nhận',
        refusedAt: '2025-06-30T10:00:00.000+07:00',
        reasons: ['Không thuộc thẩm quyền giải quyết'],
      },
    };
    const doc = buildForm('03', recorded([refused], 'intake-quay-14'), ctx('decree-61-2018'));
    expectTemplate(doc, [
      ['Bộ phận tiếp nhận và trả kết quả', field('Bộ phận tiếp nhận và trả kết quả'), DESK_NAME],
      ['Hồ sơ của', field('Hồ sơ của'), applicant.fullName],
      ['Nội dung yêu cầu giải quyết', field('Nội dung yêu cầu giải quyết'), PROCEDURE],
      ['Địa chỉ', field('Địa chỉ'), applicant.address],
      ['Số điện thoại', field('Số điện thoại'), '0903123456'],
      ['Email', field('Email'), 'minhkhai@example.vn'],
      ['Lý do từ chối', text('1. '), '1. Không thuộc thẩm quyền giải quyết'],
      ['Người tiếp nhận (ký, ghi rõ họ tên)', signature('Người tiếp nhận'), 'Lê Văn Tiếp Nhận'],
    ]);
    expectHeading(doc, 'Mẫu số 03 (Thông tư 01/2018/TT-VPCP)', 'PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ');
  });

  it('form 04: every field; Circular 01/2018 re-appoints, Circular 03/2025 asks to extend', () => {
    const apology: DossierEvent = {
      type: 'ApologyIssued',
      data: {
        responsibleAgencyCode: DESK,
        reason: 'Cần xác minh thêm',
        originalDueAt: '2026-02-24T17:00:00.000+07:00',
        previousAppointmentAt: '2026-02-24T17:00:00.000+07:00',
        newAppointmentAt: '2026-02-27T17:00:00.000+07:00',
        issuedAt: '2026-02-23T09:00:00.000+07:00',
        signedBy: 'Chủ tịch UBND phường',
        noticeDueBy: '2026-02-23T17:00:00.000+07:00',
        withinNoticePeriod: true,
        reappointment: 1,
      },
    };
    const template: Template = [
      ['Kính gửi', field('Kính gửi'), applicant.fullName],
      ['Mã hồ sơ', field('Mã hồ sơ'), CODE],
      ['Nội dung yêu cầu giải quyết', field('Nội dung yêu cầu giải quyết'), PROCEDURE],
      ['Ngày tiếp nhận', field('Ngày tiếp nhận'), '10:00 ngày 12/02/2026'],
      ['Ngày hẹn trả kết quả', field('Ngày hẹn trả kết quả'), '17:00 ngày 24/02/2026'],
      ['Lý do', field('Lý do chậm trả kết quả'), 'Cần xác minh thêm'],
      ['Thời gian hẹn trả kết quả', field('Thời gian hẹn trả kết quả mới'), '17:00 ngày 27/02/2026'],
      [
        'Thủ trưởng cơ quan (ký, ghi rõ họ tên, đóng dấu)',
        signature('Thủ trưởng cơ quan'),
        'Chủ tịch UBND phường',
      ],
    ];
    const old = buildForm('04', recorded([received('decree-61-2018'), apology]), ctx('decree-61-2018'));
    expectTemplate(old, template);
    expectHeading(old, 'Mẫu số 04 (Thông tư 01/2018/TT-VPCP)', 'PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ');
    expect(printed(old).texts.join(' ')).toContain('hẹn lại thời gian trả kết quả');
    const now = buildForm('04', recorded([received(), apology]), ctx());
    expectTemplate(now, template);
    expectHeading(
      now,
      'Mẫu số 04 (Thông tư 03/2025/TT-VPCP)',
      'VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT',
    );
    expect(printed(now).texts.join(' ')).toContain('đề nghị gia hạn thời gian giải quyết hồ sơ');
    // Signed by the head of the agency, named as the directory had it (item 4).
    if (apology.type !== 'ApologyIssued') throw new Error('fixture');
    const signed = buildForm(
      '04',
      recorded([
        received(),
        {
          type: 'ApologyIssued',
          data: { ...apology.data, signer: { name: 'Nguyễn Thị Thu Hà', title: 'Chủ tịch UBND phường' } },
        },
      ]),
      ctx(),
    );
    expect(printed(signed).signatures.get('Thủ trưởng cơ quan')).toBe(
      'Nguyễn Thị Thu Hà (Chủ tịch UBND phường)',
    );
  });

  it('form 05, Thông báo dừng giải quyết hồ sơ: every field; Circular 01/2018 prescribes none', () => {
    const stopped: DossierEvent = {
      type: 'ProcessingStopped',
      data: {
        reason: 'Người nộp hồ sơ đề nghị dừng',
        requester: 'applicant',
        requestingAgencyCode: null,
        legalGround: 'Điều 19 Nghị định 118/2025/NĐ-CP',
        stoppedAt: '2026-02-13T09:00:00.000+07:00',
      },
    };
    const template: Template = [
      ['Kính gửi', field('Kính gửi'), applicant.fullName],
      ['Mã hồ sơ', field('Mã hồ sơ'), CODE],
      ['Nội dung yêu cầu giải quyết', field('Nội dung yêu cầu giải quyết'), PROCEDURE],
      ['Thời điểm dừng giải quyết', field('Thời điểm dừng giải quyết'), '09:00 ngày 13/02/2026'],
      ['Người đề nghị dừng', field('Người đề nghị dừng'), 'Người nộp hồ sơ'],
      ['Lý do', field('Lý do'), 'Người nộp hồ sơ đề nghị dừng'],
      ['Căn cứ', field('Căn cứ pháp lý'), 'Điều 19 Nghị định 118/2025/NĐ-CP'],
    ];
    const now = buildForm('05', recorded([received(), stopped]), ctx());
    expectTemplate(now, template);
    expectHeading(now, 'Mẫu số 05 (Thông tư 03/2025/TT-VPCP)', 'THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ');
    const old = buildForm('05', recorded([received('decree-61-2018'), stopped]), ctx('decree-61-2018'));
    expectTemplate(old, template);
    expectHeading(old, 'Thông tư 01/2018/TT-VPCP không quy định mẫu này', 'THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ');
  });

  it('form 06 (05 under Circular 01/2018), Phiếu kiểm soát quá trình giải quyết hồ sơ: every field', () => {
    const slip = foldDoc(evolveControlSlip, allStepsDone)!;
    const template: Template = [
      ['Mã hồ sơ', field('Mã hồ sơ'), '000.00.05.H54-251124-0001'],
      ['Kèm theo hồ sơ của', field('Kèm theo hồ sơ của'), applicant.fullName],
      ['Thời gian nhận hồ sơ', field('Thời gian nhận hồ sơ'), '08:00 ngày 24/11/2025'],
      ['Thời gian trả kết quả', field('Thời gian trả kết quả'), '17:00 ngày 28/11/2025'],
      [
        'Tên cơ quan (bên giao)',
        column('Bên giao'),
        slip.rows.map((r) => agencyLabel(r.fromAgencyCode)).join(' | '),
      ],
      [
        'Tên cơ quan (bên nhận)',
        column('Bên nhận'),
        slip.rows.map((r) => agencyLabel(r.toAgencyCode)).join(' | '),
      ],
      [
        'Thời gian giao, nhận hồ sơ',
        (p) => column('Thời gian giao, nhận')(p)?.split(' | ').slice(0, 2).join(' | '),
        '09:00 ngày 24/11/2025 | 10:00 ngày 24/11/2025\nnhận 10:30 ngày 24/11/2025',
      ],
      [
        'Kết quả giải quyết hồ sơ (trước hạn/đúng hạn/quá hạn)',
        column('Kết quả giải quyết bước trước (trước hạn/đúng hạn/trễ hạn)'),
        'đúng hạn |  | đúng hạn | đúng hạn | đúng hạn | đúng hạn',
      ],
      ['Ghi chú', column('Ghi chú'), ['', ...Array<string>(5).fill('Hoàn thành đúng hạn')].join(' | ')],
    ];
    const now = buildControlSlipForm(slip, ctx());
    expectTemplate(now, template);
    expectHeading(now, 'Mẫu số 06 (Thông tư 03/2025/TT-VPCP)', 'PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ');
    const old = buildControlSlipForm(slip, ctx('decree-61-2018'));
    expectTemplate(old, template);
    expectHeading(old, 'Mẫu số 05 (Thông tư 01/2018/TT-VPCP)', 'PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ');
  });

  it('form 07 (06 under Circular 01/2018), Sổ theo dõi hồ sơ: every column, with sets, address and phone', () => {
    const line: RegisterFormLine = {
      code: CODE,
      procedureName: 'Liên thông đăng ký khai sinh',
      sets: 2,
      applicant,
      leadAgencyName: 'Ủy ban nhân dân phường Sài Gòn',
      receivedAt: '2026-02-12T10:00:00.000+07:00',
      dueAt: '2026-02-24T17:00:00.000+07:00',
      transferredAt: '2026-02-12T11:00:00.000+07:00',
      resultReadyAt: '2026-02-20T15:00:00.000+07:00',
      returnedAt: '2026-02-21T09:00:00.000+07:00',
      resolvedWithinDay: null,
      notes: 'Bước trễ hạn',
    };
    const template: Template = [
      ['STT', column('STT'), '1'],
      ['Mã hồ sơ', column('Mã hồ sơ'), CODE],
      ['Tên thủ tục hành chính', column('Tên thủ tục hành chính'), 'Liên thông đăng ký khai sinh'],
      ['Số lượng hồ sơ (bộ)', column('Số lượng hồ sơ (bộ)'), '2'],
      ['Tên cá nhân, tổ chức', column('Tên cá nhân, tổ chức'), applicant.fullName],
      ['Địa chỉ, số điện thoại', column('Địa chỉ, số điện thoại'), `${applicant.address}; 0903123456`],
      ['Cơ quan chủ trì giải quyết', column('Cơ quan chủ trì giải quyết'), 'Ủy ban nhân dân phường Sài Gòn'],
      ['Nhận hồ sơ', column('Nhận hồ sơ'), '10:00 ngày 12/02/2026'],
      ['Hẹn trả kết quả', column('Hẹn trả kết quả'), '17:00 ngày 24/02/2026'],
      [
        'Chuyển hồ sơ đến cơ quan giải quyết',
        column('Chuyển hồ sơ đến cơ quan giải quyết'),
        '11:00 ngày 12/02/2026',
      ],
      [
        'Nhận kết quả từ cơ quan giải quyết',
        column('Nhận kết quả từ cơ quan giải quyết'),
        '15:00 ngày 20/02/2026',
      ],
      [
        'Trả kết quả cho cá nhân, tổ chức',
        column('Trả kết quả cho cá nhân, tổ chức'),
        '09:00 ngày 21/02/2026',
      ],
      ['Ghi chú', column('Ghi chú'), 'Bước trễ hạn'],
    ];
    const period = {
      from: '2026-02-01T00:00:00+07:00',
      to: '2026-03-01T00:00:00+07:00',
      unitName: 'UBND phường Sài Gòn',
    };
    const generatedAt = '2026-03-01T09:00:00+07:00';
    const now = buildRegisterForm([line], period, {
      language: 'vi',
      generatedAt,
      ruleSet: ruleSetOf('decree-118-2025'),
    });
    expectTemplate(now, template);
    expectHeading(now, 'Mẫu số 07 (Thông tư 03/2025/TT-VPCP)', 'SỔ THEO DÕI HỒ SƠ');
    expect(now.landscape).toBe(true);
    const old = buildRegisterForm([line], period, {
      language: 'vi',
      generatedAt,
      ruleSet: ruleSetOf('decree-61-2018'),
    });
    expectTemplate(old, template);
    expectHeading(old, 'Mẫu số 06 (Thông tư 01/2018/TT-VPCP)', 'SỔ THEO DÕI HỒ SƠ');
  });

  it('form 07 notes a same-day dossier resolved within the day (issue 18, item 9)', () => {
    const line: RegisterFormLine = {
      code: CODE,
      procedureName: 'Chứng thực bản sao',
      sets: 1,
      applicant: 'erased',
      leadAgencyName: null,
      receivedAt: '2026-02-12T10:00:00.000+07:00',
      dueAt: '2026-02-12T17:00:00.000+07:00',
      transferredAt: null,
      resultReadyAt: '2026-02-12T11:00:00.000+07:00',
      returnedAt: null,
      resolvedWithinDay: true,
      notes: '',
    };
    const doc = buildRegisterForm(
      [line],
      { from: '2026-02-01T00:00:00+07:00', to: '2026-03-01T00:00:00+07:00', unitName: 'x' },
      { language: 'vi', generatedAt: '2026-03-01T09:00:00+07:00', ruleSet: ruleSetOf('decree-118-2025') },
    );
    expect(column('Ghi chú')(printed(doc))).toBe('Giải quyết trong ngày');
    expect(column('Địa chỉ, số điện thoại')(printed(doc))).toContain('đã xoá');
  });

  it('refuses form 01 of a dossier whose result was given at once without a receipt (404)', () => {
    const r = received();
    if (r.type !== 'DossierReceived') throw new Error('fixture');
    const noReceipt: DossierEvent = {
      type: 'DossierReceived',
      data: { ...r.data, statutoryLimit: { unit: 'immediate' }, receiptIssued: false },
    };
    expect(() => buildForm('01', recorded([noReceipt]), ctx())).toThrow(
      expect.objectContaining({ code: 'FORM_NOT_AVAILABLE', kind: 'not-found' }),
    );
  });

  it('still reads a receipt recorded before the new fields existed', () => {
    if (fixtureReceived.type !== 'DossierReceived') throw new Error('fixture');
    const { statutoryLimit: _limit, ...old } = fixtureReceived.data;
    const doc = buildForm('01', recorded([{ type: 'DossierReceived', data: old }]), ctx());
    expect(printed(doc).fields.get('Số lượng hồ sơ')).toBe('1 bộ');
    expect(printed(doc).fields.get('Thời gian giải quyết hồ sơ theo quy định')).toBe('');
  });
});
