import type { ProblemDetail } from '@lien-thong/contracts';

/**
 * The applicant's personal data, as printed on the forms (01 to 07). It never travels in an event:
 * it is sealed in the personal-data vault under the dossier's own key, and events carry the
 * reference. Destroying that key (crypto-shredding) erases it everywhere at once, backups included.
 */
export interface ApplicantDetails {
  readonly fullName: string;
  readonly address: string;
  readonly phone: string | null;
  readonly email: string | null;
  /** Citizen identity number (CCCD), passport, or enterprise code for a business. */
  readonly idNumber: string;
  /** `YYYY-MM-DD`; null for a business. */
  readonly dateOfBirth: string | null;
}

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Every problem with the details, so the desk can fix them all at once. */
export function checkApplicantDetails(details: ApplicantDetails): ProblemDetail[] {
  const problems: ProblemDetail[] = [];
  const required = (value: string, path: string) => {
    if (typeof value !== 'string' || value.trim() === '')
      problems.push({
        path,
        code: 'REQUIRED',
        message: `${path} is required`,
        messageVi: 'không được để trống',
      });
  };
  required(details.fullName, 'fullName');
  required(details.address, 'address');
  required(details.idNumber, 'idNumber');
  if (details.email !== null && !EMAIL.test(details.email))
    problems.push({
      path: 'email',
      code: 'FORMAT',
      message: 'not an e-mail address',
      messageVi: 'không phải địa chỉ thư điện tử',
    });
  if (details.dateOfBirth !== null && !isCalendarDate(details.dateOfBirth))
    problems.push({
      path: 'dateOfBirth',
      code: 'FORMAT',
      message: 'a date as YYYY-MM-DD',
      messageVi: 'phải là một ngày có thật (YYYY-MM-DD)',
    });
  return problems;
}

function isCalendarDate(value: string): boolean {
  const m = LOCAL_DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}
