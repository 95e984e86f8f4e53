import Papa from 'papaparse';
import { validateIntake, type IntakeDraft } from './intake-draft';

/**
 * Bulk intake from the public postal service (bưu chính công ích): the postal operator hands the desk
 * a batch of dossiers with a list (CSV, one dossier a line). Each line becomes one reception through
 * `POST /dossiers` with the channel `post` and the postal tracking number as its intake reference, so
 * sending the same list again never receives a dossier twice (the API answers the first receipt).
 */
export const POSTAL_COLUMNS = [
  'tracking',
  'procedureCode',
  'fullName',
  'idNumber',
  'address',
  'phone',
  'email',
  'dateOfBirth',
  'documents',
] as const;

export interface PostalRow {
  line: number;
  tracking: string;
  procedureCode: string;
  applicant: IntakeDraft['applicant'];
  /** Document codes handed in, separated by `;` in the file. */
  documents: string[];
}

export interface ParsedBatch {
  rows: PostalRow[];
  /** Problems of the file itself (a missing column, a malformed line). */
  fileProblems: string[];
}

export function parsePostalBatch(text: string): ParsedBatch {
  const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), {
    header: true,
    skipEmptyLines: 'greedy',
    transformHeader: (h) => h.trim(),
  });
  const fileProblems = parsed.errors.map((e) => `line ${(e.row ?? 0) + 2}: ${e.message}`);
  const fields = parsed.meta.fields ?? [];
  const missing = ['tracking', 'procedureCode', 'fullName', 'idNumber', 'address'].filter(
    (c) => !fields.includes(c),
  );
  if (missing.length) fileProblems.push(`missing columns: ${missing.join(', ')}`);
  const rows = parsed.data.map((r, i) => ({
    line: i + 2,
    tracking: (r.tracking ?? '').trim(),
    procedureCode: (r.procedureCode ?? '').trim(),
    applicant: {
      fullName: (r.fullName ?? '').trim(),
      idNumber: (r.idNumber ?? '').trim(),
      address: (r.address ?? '').trim(),
      phone: (r.phone ?? '').trim(),
      email: (r.email ?? '').trim(),
      dateOfBirth: (r.dateOfBirth ?? '').trim(),
    },
    documents: (r.documents ?? '')
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean),
  }));
  return { rows, fileProblems };
}

/** The intake reference of a postal dossier: its tracking number (letters, digits, dots, dashes). */
export function postalIntakeRef(tracking: string): string | null {
  const ref = `BCCI-${tracking}`;
  return /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/.test(ref) ? ref : null;
}

/** A row's problems (field → message) before anything is sent, as the desk form checks them. */
export function rowProblems(
  row: PostalRow,
  procedure:
    { requiredDocuments: readonly { code: string }[]; intakeChannels: readonly string[] } | undefined,
  t: (key: string) => string,
): Record<string, string> {
  const required = procedure?.requiredDocuments;
  const draft: IntakeDraft = {
    procedureCode: row.procedureCode || null,
    channel: 'post',
    applicant: row.applicant,
    applicantCommuneCode: null,
    documents: Object.fromEntries(
      row.documents.map((code) => [code, { given: true, copies: 1, original: true }]),
    ),
    stepOwners: {},
    reason: '',
  };
  const problems = validateIntake(draft, required ?? [], 'accept', t);
  if (!postalIntakeRef(row.tracking)) problems.tracking = t('postal.trackingInvalid');
  if (row.procedureCode && procedure === undefined) problems.procedureCode = t('postal.procedureUnknown');
  else if (procedure && !procedure.intakeChannels.includes('post'))
    problems.procedureCode = t('postal.notByPost');
  return problems;
}
