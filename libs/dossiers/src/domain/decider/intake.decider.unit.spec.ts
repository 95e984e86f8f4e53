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

describe('intake: supplement requested (form 02) and refused (form 03)', () => {
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
