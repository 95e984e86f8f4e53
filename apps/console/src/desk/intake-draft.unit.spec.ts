import { validateIntake, type IntakeDraft } from './intake-draft';

const t = (key: string) => key;
const draft = (over: Partial<IntakeDraft> = {}): IntakeDraft => ({
  procedureCode: '1.001193',
  channel: 'counter',
  applicant: {
    fullName: 'Nguyễn Thị Minh Khai',
    idNumber: '079190001234',
    address: '12 Lê Lợi',
    phone: '',
    email: '',
    dateOfBirth: '',
  },
  applicantCommuneCode: null,
  documents: { 'giay-chung-sinh': { given: true, copies: 1, original: true } },
  stepOwners: {},
  reason: '',
  ...over,
});
const required = [{ code: 'giay-chung-sinh' }];

describe('the desk form checks what the API would refuse, at the field', () => {
  it('lets a complete intake through', () => {
    expect(validateIntake(draft(), required, 'accept', t)).toEqual({});
  });
  it('names each missing or malformed field by the path the API uses', () => {
    const errors = validateIntake(
      draft({
        procedureCode: null,
        applicant: {
          fullName: ' ',
          idNumber: '12',
          address: '',
          phone: 'abc',
          email: 'x@',
          dateOfBirth: '19/5/1990',
        },
        documents: {},
      }),
      required,
      'accept',
      t,
    );
    expect(Object.keys(errors).sort()).toEqual([
      'applicant.address',
      'applicant.dateOfBirth',
      'applicant.email',
      'applicant.fullName',
      'applicant.idNumber',
      'applicant.phone',
      'documents.giay-chung-sinh',
      'procedureCode',
    ]);
  });
  it('asks a reason for a supplement request or a refusal, and a missing document to supplement', () => {
    expect(validateIntake(draft(), required, 'refuse', t)).toEqual({ reason: 'validation.reasonRequired' });
    expect(validateIntake(draft({ reason: 'Thiếu' }), required, 'supplement', t)).toEqual({
      reason: 'validation.nothingToSupplement',
    });
    expect(validateIntake(draft({ reason: 'Thiếu', documents: {} }), required, 'supplement', t)).toEqual({});
  });
});
