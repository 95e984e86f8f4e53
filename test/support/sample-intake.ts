/** The sample ward's desk and police (seed `sample`). */
export const SAMPLE_DESK = '000.00.71.H29';
export const SAMPLE_POLICE = '000.00.72.H29';

/**
 * The body of `POST /dossiers` for the sample birth registration (1.001193) filed online at the sample
 * ward (accepted at any hour), applicant number `n` of a `series` (distinct ID numbers across suites).
 */
export function birthRegistrationIntake(n: number, series = 0) {
  return {
    procedureCode: '1.001193',
    channel: 'online',
    receivingUnitCode: SAMPLE_DESK,
    applicantCommuneCode: SAMPLE_DESK,
    stepOwners: { 'register-residence': SAMPLE_POLICE },
    applicant: {
      fullName: `Người nộp ${n}`,
      address: '5 Pasteur',
      idNumber: String(79_190_000_000 + series * 10_000 + n).padStart(12, '0'),
    },
    documents: [
      { code: 'to-khai-lien-thong', copies: 1, original: true },
      { code: 'giay-chung-sinh', copies: 1, original: true },
    ],
  };
}
