import { useEffect, useState, type FormEvent } from 'react';
import { formatDateTime } from '../i18n/format';
import {
  ApplicantFieldset,
  ProcedureAndUnit,
  EMPTY_APPLICANT,
  applicantBody,
  refusalOf,
  useFieldErrors,
  type ApplicantField,
  type ApplicantForm,
  type Options,
  type Problem,
} from './filing-view';
import { PUBLIC_MESSAGES, type PublicKey } from './public-messages';

type Lang = 'vi' | 'en';

/** The postman calls before coming: the phone is required here. */
const REQUIRED: readonly ApplicantField[] = ['fullName', 'idNumber', 'address', 'phone'];

/**
 * Thu gom hồ sơ tại nhà (issue 24): the applicant asks the public postal service to pick the paper
 * dossier up at home and bring it to the desk; the page answers the postal tracking number.
 */
export function PickupView({ lang, t }: { lang: Lang; t: (key: PublicKey) => string }) {
  const [options, setOptions] = useState<Options | null>(null);
  const [procedureCode, setProcedureCode] = useState('');
  const [unitCode, setUnitCode] = useState('');
  const [applicant, setApplicant] = useState<ApplicantForm>(EMPTY_APPLICANT);
  const { errors, setErrors, clearError } = useFieldErrors();
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [booked, setBooked] = useState<{
    trackingNumber: string;
    pickupRef: string;
    requestedAt: string;
  } | null>(null);

  useEffect(() => {
    fetch('/public/intake-options')
      .then(async (r) => {
        if (!r.ok) throw new Error(String(r.status));
        setOptions((await r.json()) as Options);
      })
      .catch(() => setMessage(PUBLIC_MESSAGES[lang].failed));
  }, [lang]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const missing: Record<string, string> = {};
    if (!procedureCode) missing.procedure = t('required');
    if (!unitCode) missing.unit = t('required');
    for (const field of REQUIRED) if (!applicant[field].trim()) missing[field] = t('required');
    setErrors(missing);
    setMessage(null);
    if (Object.keys(missing).length > 0) return;
    setBusy(true);
    try {
      const response = await fetch('/public/postal-pickups', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          procedureCode,
          receivingUnitCode: unitCode,
          applicant: applicantBody(applicant),
        }),
      });
      const answer = (await response.json().catch(() => ({}))) as Problem & {
        trackingNumber?: string;
        pickupRef?: string;
        requestedAt?: string;
      };
      if (response.ok && answer.trackingNumber && answer.pickupRef && answer.requestedAt) {
        setBooked({
          trackingNumber: answer.trackingNumber,
          pickupRef: answer.pickupRef,
          requestedAt: answer.requestedAt,
        });
        return;
      }
      const refused = refusalOf(response.status, answer, lang, t);
      setErrors(refused.errors);
      setMessage(refused.message);
    } catch {
      setMessage(t('failed'));
    } finally {
      setBusy(false);
    }
  };

  if (booked)
    return (
      <section aria-labelledby="booked-title" data-testid="pickup-done">
        <h2 id="booked-title">{t('pickupBooked')}</h2>
        <p>{t('pickupBookedIntro')}</p>
        <dl className="pub-result">
          <dt>{t('trackingNumber')}</dt>
          <dd data-testid="pickup-tracking">{booked.trackingNumber}</dd>
          <dt>{t('pickupRef')}</dt>
          <dd>{booked.pickupRef}</dd>
          <dt>{t('filedAt')}</dt>
          <dd>{formatDateTime(booked.requestedAt, lang)}</dd>
        </dl>
      </section>
    );

  return (
    <section aria-labelledby="pickup-title">
      <h2 id="pickup-title">{t('pickup')}</h2>
      <p>{t('pickupIntro')}</p>
      <form onSubmit={(e) => void submit(e)} noValidate className="pub-form">
        <ProcedureAndUnit
          id="pickup"
          channel="post"
          lang={lang}
          t={t}
          options={options}
          procedureCode={procedureCode}
          unitCode={unitCode}
          errors={errors}
          onProcedure={(code) => (setProcedureCode(code), clearError('procedure'))}
          onUnit={(code) => (setUnitCode(code), clearError('unit'), clearError('receivingUnitCode'))}
        />
        <ApplicantFieldset
          t={t}
          applicant={applicant}
          required={REQUIRED}
          errors={errors}
          onChange={(field, value) => {
            setApplicant({ ...applicant, [field]: value });
            clearError(field);
          }}
        />
        <button type="submit" disabled={busy}>
          {t('bookPickup')}
        </button>
      </form>
      {message && (
        <p role="alert" className="pub-alert">
          {message}
        </p>
      )}
    </section>
  );
}
