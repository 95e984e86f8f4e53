import type { RefuseAtIntake, RequestSupplementAtIntake } from '../dossier-commands';
import {
  CODE,
  DESK,
  DUE_AT,
  RECEIVED_AT,
  received,
  receiveCommand,
  refusedAtIntake,
  snapshot,
  supplementRequestedAtIntake,
} from '../../testing/dossier-fixtures';
import { given } from '../../testing/given-when-then';
import { initialDossierState } from '@lien-thong/dossier-model';
import { decideDossier } from './dossier.decider';

const supplementAtIntake: RequestSupplementAtIntake = {
  type: 'RequestSupplementAtIntake',
  intakeRef: 'counter-13',
  procedure: { code: '1.001193', version: 3 },
  channel: 'counter',
  applicantRef: 'vault:3',
  receivingUnitCode: DESK,
  officer: 'officer-17',
  at: RECEIVED_AT,
  items: [
    { documentCode: 'giay-chung-sinh', action: 'add', description: 'Bổ sung bản chính giấy chứng sinh' },
  ],
  reason: 'Thiếu thành phần hồ sơ',
};

const refusal: RefuseAtIntake = {
  type: 'RefuseAtIntake',
  intakeRef: 'counter-12',
  procedure: { code: '1.001193', version: 3 },
  channel: 'counter',
  applicantRef: 'vault:2',
  receivingUnitCode: DESK,
  officer: 'officer-17',
  at: RECEIVED_AT,
  reasons: ['Không thuộc thẩm quyền giải quyết'],
};

describe('intake: accepted (form 01)', () => {
  it('records the receipt with the code, appointment, documents, officer and the routing it is bound to', () => {
    const state = given().when(receiveCommand).then([received]);
    expect(state).toMatchObject({
      status: 'accepted',
      dossierCode: CODE,
      dueAt: DUE_AT,
      appointmentAt: DUE_AT,
      clockStartedAt: RECEIVED_AT,
      ruleSet: 'decree-118-2025',
    });
  });

  it('records the scans handed in with a document, and no files where there are none', () => {
    const scan = {
      id: '3f0c2a9e-2d7b-4c1e-9a55-0d6f1b8c7e21',
      name: 'Giấy chứng sinh.pdf',
      mediaType: 'application/pdf',
      sizeBytes: 1204,
      sha256: 'a'.repeat(64),
    };
    const [first, ...rest] = receiveCommand.documents;
    const events = decideDossier(
      {
        ...receiveCommand,
        documents: [{ ...first!, files: [scan] }, ...rest.map((d) => ({ ...d, files: [] }))],
      },
      initialDossierState,
    );
    const documents = (events[0]!.data as unknown as { documents: { files?: unknown[] }[] }).documents;
    expect(documents[0]!.files).toEqual([scan]);
    for (const d of documents.slice(1)) expect(d).not.toHaveProperty('files');
  });

  it('collects the result where it was received unless told otherwise', () => {
    given()
      .when({ ...receiveCommand, collectAtUnitCode: '000.00.06.H54' })
      .thenEmits('DossierReceived', { collectAtUnitCode: '000.00.06.H54' });
  });

  it('allows one re-appointment when the procedure does not say', () => {
    const state = given().when(receiveCommand).stateAfter();
    expect(state.routing?.maxReappointments).toBe(1);
    given()
      .when({ ...receiveCommand, procedure: { ...snapshot, maxReappointments: 2 } })
      .thenEmits('DossierReceived', { routing: expect.objectContaining({ maxReappointments: 2 }) as never });
  });

  it('refuses a channel the procedure does not accept', () => {
    given()
      .when({ ...receiveCommand, channel: 'post' })
      .thenFails('DOSSIER_CHANNEL_NOT_ALLOWED', 'unprocessable');
  });

  it('records a postal pick-up (thu gom tại nhà) with its tracking number, and only for a dossier that came by post', () => {
    const pickup = {
      trackingNumber: 'RR000000007VN',
      requestedAt: '2025-11-21T15:00:00+07:00',
      handedOverAt: '2025-11-24T07:40:00+07:00',
    };
    const byPost = { ...snapshot, allowedChannels: ['counter', 'post'] as const };
    const [event] = decideDossier(
      { ...receiveCommand, procedure: byPost, channel: 'post', postalPickup: pickup },
      initialDossierState,
    );
    expect(event).toMatchObject({ type: 'DossierReceived', data: { channel: 'post', postalPickup: pickup } });
    given()
      .when({ ...receiveCommand, procedure: byPost, postalPickup: pickup })
      .thenFails('DOSSIER_INVALID_COMMAND', 'validation');
    given()
      .when({
        ...receiveCommand,
        procedure: byPost,
        channel: 'post',
        postalPickup: { ...pickup, handedOverAt: 'hôm nay' },
      })
      .thenFails('DOSSIER_INVALID_COMMAND', 'validation');
  });

  it('refuses to accept an incomplete dossier, listing every missing document, copy and original', () => {
    const error = given()
      .when({
        ...receiveCommand,
        documents: [{ code: 'to-khai', copies: 1, original: false }],
        procedure: {
          ...snapshot,
          requiredDocuments: [...snapshot.requiredDocuments, { code: 'cccd', copies: 2 }],
        },
      })
      .thenFails('DOSSIER_DOCUMENTS_INCOMPLETE', 'unprocessable');
    expect(error.problems?.map((p) => [p.path, p.code])).toEqual([
      ['documents[to-khai]', 'ORIGINAL_REQUIRED'],
      ['documents[giay-chung-sinh]', 'DOCUMENT_MISSING'],
      ['documents[cccd]', 'DOCUMENT_MISSING'],
    ]);
    given()
      .when({
        ...receiveCommand,
        documents: [
          { code: 'to-khai', copies: 1 },
          { code: 'giay-chung-sinh', copies: 1 },
        ],
      })
      .thenFails('DOSSIER_DOCUMENTS_INCOMPLETE');
  });

  it('refuses an appointment that is not after the receipt', () => {
    const error = given()
      .when({ ...receiveCommand, appointmentAt: RECEIVED_AT })
      .thenFails('DOSSIER_INVALID_COMMAND', 'validation');
    expect(error.problems).toEqual([
      expect.objectContaining({ path: 'appointmentAt', code: 'NOT_AFTER_RECEIPT' }),
    ]);
  });

  it('names the registered channel when a dossier comes by another channel', () => {
    given()
      .when({ ...receiveCommand, channel: 'other' })
      .thenFails('DOSSIER_INVALID_COMMAND');
    given()
      .when({ ...receiveCommand, channel: 'other', channelNote: 'Zalo' })
      .thenEmits('DossierReceived', { channel: 'other', channelNote: 'Zalo' });
  });

  it('refuses a routing that names unknown or duplicate steps', () => {
    const error = given()
      .when({
        ...receiveCommand,
        procedure: {
          ...snapshot,
          steps: [
            { id: 'a', after: ['ghost'] },
            { id: 'a', after: [], canReturnTo: ['nowhere'] },
          ],
        },
      })
      .thenFails('DOSSIER_INVALID_COMMAND');
    expect(error.problems?.map((p) => p.code)).toEqual(['DUPLICATE', 'UNKNOWN_STEP', 'UNKNOWN_STEP']);
  });

  it('lists every malformed field at once and records nothing', () => {
    const error = given()
      .when({
        ...receiveCommand,
        dossierCode: '',
        receivedAt: '24/11/2025',
        documents: [{ code: 'to-khai', copies: 0 }],
      })
      .thenFails('DOSSIER_INVALID_COMMAND');
    expect(error.problems?.map((p) => p.path)).toEqual(
      expect.arrayContaining(['dossierCode', 'receivedAt', 'documents[0].copies']),
    );
  });
});

describe('intake: the rule set is chosen by the day of receipt (issue 18, item 7)', () => {
  // Decree 118/2025/NĐ-CP (article on entry into force): "Nghị định này có hiệu lực thi hành từ ngày 01
  // tháng 7 năm 2025", replacing Decree 61/2018/NĐ-CP; a dossier stays bound to the rules in force when
  // it was received (domain primer, "Legal basis").
  it('binds a dossier received on 30/6/2025 to Decree 61/2018, whatever rule set the design names', () => {
    given()
      .when({ ...receiveCommand, receivedAt: '2025-06-30T16:59:00+07:00', appointmentAt: DUE_AT })
      .thenEmits('DossierReceived', { ruleSet: 'decree-61-2018' });
  });

  it('binds a dossier received from 00:00 on 1/7/2025 (Vietnam time) to Decree 118/2025', () => {
    // 1/7/2025 00:00 in Hà Nội is still 30/6 in UTC: the Vietnam date decides.
    given()
      .when({
        ...receiveCommand,
        procedure: { ...snapshot, ruleSet: 'decree-61-2018' },
        receivedAt: '2025-06-30T17:00:00Z',
      })
      .thenEmits('DossierReceived', { ruleSet: 'decree-118-2025' });
  });

  it('refuses a receipt dated before any rule set (400), and records nothing', () => {
    const error = given()
      .when({ ...receiveCommand, receivedAt: '2018-06-20T09:00:00+07:00' })
      .thenFails('DOSSIER_INVALID_COMMAND', 'validation');
    expect(error.problems).toEqual([expect.objectContaining({ path: 'receivedAt', code: 'NO_RULE_SET' })]);
  });
});

describe('intake: form 01 fields recorded with the receipt (issue 18, item 8)', () => {
  it('records the statutory time limit of the bound version and the number of sets', () => {
    given()
      .when({ ...receiveCommand, sets: 2 })
      .thenEmits('DossierReceived', { statutoryLimit: { unit: 'workingDays', amount: 4 }, sets: 2 });
    // One set is the default and is not written out.
    const [one] = given().when(receiveCommand).events();
    expect(one?.data).not.toHaveProperty('sets');
  });

  it('refuses a number of sets that is not a whole number from 1 to 100', () => {
    for (const sets of [0, 1.5, 101]) {
      const error = given()
        .when({ ...receiveCommand, sets })
        .thenFails('DOSSIER_INVALID_COMMAND', 'validation');
      expect(error.problems).toEqual([expect.objectContaining({ path: 'sets', code: 'SETS' })]);
    }
  });
});

describe('intake: a result given at once needs no receipt unless asked (issue 18, item 9)', () => {
  // Decree 61/2018/NĐ-CP, art. 18 (tiếp nhận hồ sơ), as we read it, and the same rule under Decree
  // 118/2025: "Trường hợp thủ tục hành chính có quy định phải trả kết quả giải quyết ngay sau khi tiếp
  // nhận, giải quyết, nếu hồ sơ đầy đủ, chính xác ... không phải lập Giấy tiếp nhận hồ sơ và hẹn ngày trả
  // kết quả ...; trường hợp người nộp hồ sơ yêu cầu phải có Giấy tiếp nhận hồ sơ và hẹn ngày trả kết quả
  // thì cán bộ ... cung cấp cho người nộp hồ sơ."
  const immediate = { ...snapshot, statutoryLimit: { unit: 'immediate' } } as const;
  const sameDayDue = '2025-11-24T17:00:00+07:00';

  it('accepts the dossier (code, register) without issuing form 01 when the applicant does not ask', () => {
    given()
      .when({ ...receiveCommand, procedure: immediate, appointmentAt: sameDayDue })
      .thenEmits('DossierReceived', { receiptIssued: false, statutoryLimit: { unit: 'immediate' } });
    given()
      .when({ ...receiveCommand, procedure: immediate, appointmentAt: sameDayDue, receiptRequested: false })
      .thenEmits('DossierReceived', { receiptIssued: false });
  });

  it('issues form 01 when the applicant asks for it', () => {
    const [event] = given()
      .when({ ...receiveCommand, procedure: immediate, appointmentAt: sameDayDue, receiptRequested: true })
      .events();
    expect(event?.data).not.toHaveProperty('receiptIssued');
  });

  it('always issues form 01 for a procedure with a time limit, and refuses to go without (422)', () => {
    for (const statutoryLimit of [{ unit: 'sameDay' }, { unit: 'workingDays', amount: 4 }] as const) {
      const [event] = given()
        .when({ ...receiveCommand, procedure: { ...snapshot, statutoryLimit } })
        .events();
      expect(event?.data).not.toHaveProperty('receiptIssued');
      const error = given()
        .when({ ...receiveCommand, procedure: { ...snapshot, statutoryLimit }, receiptRequested: false })
        .thenFails('DOSSIER_RECEIPT_REQUIRED', 'unprocessable');
      expect(error.problems).toEqual([expect.objectContaining({ path: 'receiptRequested' })]);
    }
  });
});

describe('intake: supplement requested (form 02) and refused (form 03)', () => {
  // Circular 01/2018/TT-VPCP, form 02 (and Circular 03/2025, form 02): the table of documents to add says,
  // for each, how many originals (bản chính), certified copies (bản chứng thực) or photocopies (bản photo).
  it('records for each document to bring whether the original, a certified copy or a photocopy, and how many', () => {
    given()
      .when({
        ...supplementAtIntake,
        items: [
          {
            documentCode: 'giay-chung-sinh',
            action: 'add',
            description: 'Bản chính Giấy chứng sinh',
            copyKind: 'original',
          },
          {
            documentCode: 'to-khai',
            action: 'add',
            description: 'Bản chứng thực tờ khai',
            copyKind: 'certified-copy',
            copies: 2,
          },
          { documentCode: null, action: 'correct', description: 'Sửa ngày sinh trên tờ khai' },
        ],
      })
      .thenEmits('DossierSupplementRequestedAtIntake', {
        items: [
          {
            documentCode: 'giay-chung-sinh',
            action: 'add',
            description: 'Bản chính Giấy chứng sinh',
            copyKind: 'original',
            copies: 1,
          },
          {
            documentCode: 'to-khai',
            action: 'add',
            description: 'Bản chứng thực tờ khai',
            copyKind: 'certified-copy',
            copies: 2,
          },
          { documentCode: null, action: 'correct', description: 'Sửa ngày sinh trên tờ khai' },
        ],
      });
  });

  it('refuses copies without what to bring, or an unknown kind of copy', () => {
    const error = given()
      .when({
        ...supplementAtIntake,
        items: [
          { documentCode: 'to-khai', action: 'add', description: 'x', copies: 2 },
          { documentCode: 'to-khai', action: 'add', description: 'y', copyKind: 'scan' as never },
          { documentCode: 'to-khai', action: 'add', description: 'z', copyKind: 'photocopy', copies: 0 },
        ],
      })
      .thenFails('DOSSIER_INVALID_COMMAND', 'validation');
    expect(error.problems?.map((p) => [p.path, p.code])).toEqual([
      ['items[0].copies', 'COPY_KIND_REQUIRED'],
      ['items[1].copyKind', 'UNKNOWN'],
      ['items[2].copies', 'COPIES'],
    ]);
  });

  it('records the complete list of items to add or correct', () => {
    given().when(supplementAtIntake).then([supplementRequestedAtIntake]);
  });

  it('refuses a supplement request that lists nothing or an item without a description', () => {
    given()
      .when({ ...supplementAtIntake, items: [] })
      .thenFails('DOSSIER_INVALID_COMMAND');
    given()
      .when({ ...supplementAtIntake, items: [{ documentCode: null, action: 'add', description: ' ' }] })
      .thenFails('DOSSIER_INVALID_COMMAND');
  });

  it('records a refusal with its written reasons', () => {
    const state = given().when(refusal).then([refusedAtIntake]);
    expect(state.status).toBe('intake-refused');
  });

  it('refuses a refusal without reasons', () => {
    given()
      .when({ ...refusal, reasons: [] })
      .thenFails('DOSSIER_INVALID_COMMAND');
  });
});

describe('intake: exactly one outcome', () => {
  it.each([
    ['accepted', received],
    ['refused', refusedAtIntake],
    ['sent back for a supplement', supplementRequestedAtIntake],
  ])('refuses any further intake outcome once %s', (_label, outcome) => {
    given(outcome).when(receiveCommand).thenFails('DOSSIER_INTAKE_ALREADY_DECIDED', 'conflict');
    given(outcome).when(refusal).thenFails('DOSSIER_INTAKE_ALREADY_DECIDED');
    given(outcome).when(supplementAtIntake).thenFails('DOSSIER_INTAKE_ALREADY_DECIDED');
  });
});

describe('personal data stays out of events', () => {
  it('carries the applicant only as a sealed reference', () => {
    const [event] = given().when(receiveCommand).events();
    const text = JSON.stringify(event);
    expect(text).toContain('"applicantRef":"vault:1"');
    for (const field of ['fullName', 'address', 'phone', 'email', 'idNumber', 'dateOfBirth'])
      expect(text).not.toContain(field);
  });
});
