/** The desk's form as it is being filled, and what it checks before sending (the API checks again). */
export interface IntakeDraft {
  procedureCode: string | null;
  channel: string;
  applicant: {
    fullName: string;
    idNumber: string;
    address: string;
    phone: string;
    email: string;
    dateOfBirth: string;
  };
  applicantCommuneCode: string | null;
  documents: Record<string, { given: boolean; copies: number; original: boolean }>;
  stepOwners: Record<string, string>;
  reason: string;
}

type Translate = (key: string) => string;

/** Field path (as the API names it) → problem; empty when the draft may be sent. */
export function validateIntake(
  draft: IntakeDraft,
  required: readonly { code: string }[],
  outcome: 'accept' | 'supplement' | 'refuse',
  t: Translate,
): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!draft.procedureCode) errors.procedureCode = t('validation.procedureRequired');
  const a = draft.applicant;
  if (!a.fullName.trim()) errors['applicant.fullName'] = t('validation.required');
  if (!a.address.trim()) errors['applicant.address'] = t('validation.required');
  if (!/^[A-Za-z0-9]{6,20}$/.test(a.idNumber.trim())) errors['applicant.idNumber'] = t('validation.idNumber');
  if (a.phone.trim() && !/^\+?[0-9 .-]{8,20}$/.test(a.phone.trim()))
    errors['applicant.phone'] = t('validation.phone');
  if (a.email.trim() && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(a.email.trim()))
    errors['applicant.email'] = t('validation.email');
  if (a.dateOfBirth.trim() && !/^\d{4}-\d{2}-\d{2}$/.test(a.dateOfBirth.trim()))
    errors['applicant.dateOfBirth'] = t('validation.date');
  if (outcome === 'accept') {
    for (const doc of required)
      if (!draft.documents[doc.code]?.given)
        errors[`documents.${doc.code}`] = t('validation.documentMissing');
  } else if (!draft.reason.trim()) {
    errors.reason = t('validation.reasonRequired');
  }
  if (outcome === 'supplement' && required.every((d) => draft.documents[d.code]?.given))
    errors.reason = t('validation.nothingToSupplement');
  return errors;
}
