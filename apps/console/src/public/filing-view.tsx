import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { formatDateTime } from '../i18n/format';
import { PUBLIC_MESSAGES, type PublicKey } from './public-messages';

type Lang = 'vi' | 'en';
type Name = { vi: string; en?: string };

export interface Options {
  procedures: {
    code: string;
    name: Name;
    channels: ('online' | 'post')[];
    requiredDocuments: { code: string; name: Name; copies: number; original: boolean }[];
  }[];
  units: { code: string; name: Name }[];
}

export interface Problem {
  message?: string;
  messageVi?: string;
  problems?: { path: string; message: string; messageVi?: string }[];
}

/** What the filing status answers (GET /public/filings/{ref}). */
export interface FilingStatus {
  filingRef: string;
  procedure: { code: string; name: Name | null };
  receivingUnit: { code: string; name: string | null };
  filedAt: string;
  status: 'waiting' | 'accepted' | 'supplement-requested' | 'refused';
  decidedAt: string | null;
  dossierCode: string | null;
  supplement: { items: { description: string }[]; reason: string } | null;
  refusal: { reasons: string[] } | null;
}

type Upload =
  | { name: string; state: 'uploading' }
  | { name: string; state: 'done'; id: string }
  | { name: string; state: 'failed'; message: string };

export const APPLICANT_FIELDS = ['fullName', 'idNumber', 'dateOfBirth', 'address', 'phone', 'email'] as const;
export type ApplicantField = (typeof APPLICANT_FIELDS)[number];
const REQUIRED: readonly ApplicantField[] = ['fullName', 'idNumber', 'address'];

export const messageOf = (body: Problem, lang: Lang, fallback: string) =>
  (lang === 'vi' ? body.messageVi : undefined) ?? body.message ?? fallback;

/**
 * Nộp hồ sơ trực tuyến (issue 24): the applicant picks a procedure that takes online intake and the unit
 * whose desk receives, fills in who they are, uploads a scan of each document, and gets the filing
 * reference and lookup key to follow it. No account; nothing is kept until the filing is sent.
 */
export function FilingView({
  lang,
  t,
  onFiled,
}: {
  lang: Lang;
  t: (key: PublicKey) => string;
  onFiled: (ref: string, key: string) => void;
}) {
  const [options, setOptions] = useState<Options | null>(null);
  const [procedureCode, setProcedureCode] = useState('');
  const [unitCode, setUnitCode] = useState('');
  const [applicant, setApplicant] = useState<ApplicantForm>(EMPTY_APPLICANT);
  const [uploads, setUploads] = useState<Record<string, Upload[]>>({});
  const { errors, setErrors, clearError } = useFieldErrors();
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [filed, setFiled] = useState<{ filingRef: string; lookupKey: string } | null>(null);
  // One key per filled-in form: a retry after a lost answer gives the same filing.
  const idempotencyKey = useMemo(() => crypto.randomUUID(), []);

  useEffect(() => {
    fetch('/public/intake-options')
      .then(async (r) => {
        if (!r.ok) throw new Error(String(r.status));
        setOptions((await r.json()) as Options);
      })
      .catch(() => setMessage(PUBLIC_MESSAGES[lang].failed));
  }, [lang]);

  const procedure = options?.procedures.find((p) => p.code === procedureCode);
  const nameOf = (name: Name | null | undefined) =>
    name ? ((lang === 'en' ? name.en : undefined) ?? name.vi) : '';

  const upload = async (documentCode: string, files: FileList | null) => {
    for (const file of Array.from(files ?? [])) {
      setUploads((all) => ({
        ...all,
        [documentCode]: [...(all[documentCode] ?? []), { name: file.name, state: 'uploading' }],
      }));
      const settle = (next: Upload) =>
        setUploads((all) => ({
          ...all,
          [documentCode]: (all[documentCode] ?? []).map((u) =>
            u.name === file.name && u.state === 'uploading' ? next : u,
          ),
        }));
      try {
        const response = await fetch('/public/files', {
          method: 'POST',
          headers: {
            'Content-Type': file.type || 'application/octet-stream',
            'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`,
          },
          body: file,
        });
        const body = (await response.json().catch(() => ({}))) as Problem & { id?: string };
        if (response.ok && body.id) settle({ name: file.name, state: 'done', id: body.id });
        else settle({ name: file.name, state: 'failed', message: messageOf(body, lang, t('failed')) });
      } catch {
        settle({ name: file.name, state: 'failed', message: t('failed') });
      }
    }
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const missing: Record<string, string> = {};
    if (!procedureCode) missing.procedure = t('required');
    if (!unitCode) missing.unit = t('required');
    for (const field of REQUIRED) if (!applicant[field].trim()) missing[field] = t('required');
    setErrors(missing);
    setMessage(null);
    if (Object.keys(missing).length > 0 || !procedure) return;
    if (Object.values(uploads).some((list) => list.some((u) => u.state === 'uploading'))) {
      setMessage(t('stillUploading'));
      return;
    }
    const body = {
      procedureCode,
      receivingUnitCode: unitCode,
      applicantCommuneCode: unitCode,
      applicant: applicantBody(applicant),
      documents: procedure.requiredDocuments.map((d) => {
        const done = (uploads[d.code] ?? []).flatMap((u) => (u.state === 'done' ? [{ id: u.id }] : []));
        return {
          code: d.code,
          copies: d.copies,
          original: d.original,
          ...(done.length ? { files: done } : {}),
        };
      }),
    };
    setBusy(true);
    try {
      const response = await fetch('/public/filings', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Idempotency-Key': idempotencyKey },
        body: JSON.stringify(body),
      });
      const answer = (await response.json().catch(() => ({}))) as Problem & {
        filingRef?: string;
        lookupKey?: string;
      };
      if (response.ok && answer.filingRef && answer.lookupKey) {
        setFiled({ filingRef: answer.filingRef, lookupKey: answer.lookupKey });
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

  if (filed)
    return (
      <section aria-labelledby="filed-title" className="pub-filed" data-testid="filing-done">
        <h2 id="filed-title">{t('filedTitle')}</h2>
        <p>{t('filedIntro')}</p>
        <dl className="pub-result">
          <dt>{t('filingRef')}</dt>
          <dd data-testid="filing-ref">{filed.filingRef}</dd>
          <dt>{t('key')}</dt>
          <dd data-testid="filing-key">{filed.lookupKey}</dd>
        </dl>
        <button type="button" onClick={() => onFiled(filed.filingRef, filed.lookupKey)}>
          {t('followFiling')}
        </button>
      </section>
    );

  return (
    <section aria-labelledby="filing-title">
      <h2 id="filing-title">{t('filing')}</h2>
      <p>{t('filingIntro')}</p>
      <form onSubmit={(e) => void submit(e)} noValidate className="pub-form">
        <ProcedureAndUnit
          id="filing"
          channel="online"
          lang={lang}
          t={t}
          options={options}
          procedureCode={procedureCode}
          unitCode={unitCode}
          errors={errors}
          onProcedure={(code) => {
            setProcedureCode(code);
            clearError('procedure');
          }}
          onUnit={(code) => {
            setUnitCode(code);
            clearError('unit');
            clearError('receivingUnitCode');
          }}
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
        {procedure && (
          <fieldset className="pub-fieldset" data-testid="filing-documents">
            <legend>{t('documents')}</legend>
            <small>{t('documentsHint')}</small>
            {procedure.requiredDocuments.map((d) => (
              <div key={d.code} className="pub-field">
                <label htmlFor={`doc-${d.code}`}>{nameOf(d.name)}</label>
                <input
                  id={`doc-${d.code}`}
                  type="file"
                  multiple
                  accept="application/pdf,image/jpeg,image/png,image/tiff"
                  onChange={(e) => void upload(d.code, e.target.files)}
                />
                <ul className="pub-uploads" aria-live="polite">
                  {(uploads[d.code] ?? []).map((u, i) => (
                    <li key={`${u.name}-${i}`} data-state={u.state}>
                      {u.name}:{' '}
                      {u.state === 'uploading'
                        ? t('uploading')
                        : u.state === 'done'
                          ? t('uploaded')
                          : u.message}
                    </li>
                  ))}
                </ul>
              </div>
            ))}
          </fieldset>
        )}
        <button type="submit" disabled={busy}>
          {t('send')}
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

/** A filing's status as the applicant reads it. */
export function FilingStatusView({
  status,
  lookupKey,
  lang,
  t,
}: {
  status: FilingStatus;
  lookupKey: string;
  lang: Lang;
  t: (key: PublicKey) => string;
}) {
  const label: Record<FilingStatus['status'], PublicKey> = {
    waiting: 'filingWaiting',
    accepted: 'filingAccepted',
    'supplement-requested': 'filingSupplement',
    refused: 'filingRefused',
  };
  return (
    <dl className="pub-result" data-testid="filing-status">
      <dt>{t('filingRef')}</dt>
      <dd>{status.filingRef}</dd>
      <dt>{t('status')}</dt>
      <dd data-testid="filing-state">{t(label[status.status])}</dd>
      <dt>{t('procedure')}</dt>
      <dd>
        {status.procedure.code}
        {status.procedure.name
          ? ` · ${(lang === 'en' ? status.procedure.name.en : undefined) ?? status.procedure.name.vi}`
          : ''}
      </dd>
      <dt>{t('unit')}</dt>
      <dd>{status.receivingUnit.name ?? status.receivingUnit.code}</dd>
      <dt>{t('filedAt')}</dt>
      <dd>{formatDateTime(status.filedAt, lang)}</dd>
      {status.dossierCode && (
        <>
          <dt>{t('code')}</dt>
          <dd data-testid="filing-dossier">
            <a
              href={`/console/public/lookup?code=${encodeURIComponent(status.dossierCode)}&key=${encodeURIComponent(lookupKey)}`}
            >
              {status.dossierCode}
            </a>
          </dd>
        </>
      )}
      {status.supplement && (
        <>
          <dt>{t('toAdd')}</dt>
          <dd>
            <ul>
              {status.supplement.items.map((item, i) => (
                <li key={i}>{item.description}</li>
              ))}
            </ul>
            {status.supplement.reason}
          </dd>
        </>
      )}
      {status.refusal && (
        <>
          <dt>{t('reasons')}</dt>
          <dd>
            <ul>
              {status.refusal.reasons.map((reason, i) => (
                <li key={i}>{reason}</li>
              ))}
            </ul>
          </dd>
        </>
      )}
    </dl>
  );
}

export type ApplicantForm = Record<ApplicantField, string>;
export const EMPTY_APPLICANT: ApplicantForm = {
  fullName: '',
  idNumber: '',
  dateOfBirth: '',
  address: '',
  phone: '',
  email: '',
};

/** Who the applicant is: the fields of forms 01 to 03, each with its problem. */
export function ApplicantFieldset({
  t,
  applicant,
  required,
  errors,
  onChange,
}: {
  t: (key: PublicKey) => string;
  applicant: ApplicantForm;
  required: readonly ApplicantField[];
  errors: Record<string, string>;
  onChange: (field: ApplicantField, value: string) => void;
}) {
  return (
    <fieldset className="pub-fieldset">
      <legend>{t('applicant')}</legend>
      {APPLICANT_FIELDS.map((field) => (
        <div key={field} className="pub-field">
          <label htmlFor={`applicant-${field}`}>
            {t(field)}
            {required.includes(field) ? ' *' : ''}
          </label>
          <input
            id={`applicant-${field}`}
            type={
              field === 'dateOfBirth'
                ? 'date'
                : field === 'email'
                  ? 'email'
                  : field === 'phone'
                    ? 'tel'
                    : 'text'
            }
            value={applicant[field]}
            onChange={(e) => onChange(field, e.target.value)}
            aria-invalid={!!errors[field]}
            aria-describedby={`applicant-${field}-error`}
            autoComplete={
              field === 'fullName' ? 'name' : field === 'email' ? 'email' : field === 'phone' ? 'tel' : 'off'
            }
          />
          {errors[field] && (
            <span id={`applicant-${field}-error`} className="pub-error">
              {errors[field]}
            </span>
          )}
        </div>
      ))}
    </fieldset>
  );
}

/** The applicant's details as the API takes them (optional ones left out when empty). */
export function applicantBody(applicant: ApplicantForm) {
  const optional = (value: string) => (value.trim() ? value.trim() : undefined);
  return {
    fullName: applicant.fullName.trim(),
    idNumber: applicant.idNumber.trim(),
    address: applicant.address.trim(),
    dateOfBirth: optional(applicant.dateOfBirth),
    phone: optional(applicant.phone),
    email: optional(applicant.email),
  };
}

/** The procedure (those an applicant may use this channel for) and the unit whose desk receives. */
export function ProcedureAndUnit(props: {
  id: string;
  channel: 'online' | 'post';
  lang: Lang;
  t: (key: PublicKey) => string;
  options: Options | null;
  procedureCode: string;
  unitCode: string;
  errors: Record<string, string>;
  onProcedure: (code: string) => void;
  onUnit: (code: string) => void;
}) {
  const { id, t, options, errors } = props;
  const nameOf = (name: Name) => (props.lang === 'en' ? name.en : undefined) ?? name.vi;
  const unitError = errors.unit ?? errors.receivingUnitCode;
  return (
    <>
      <label htmlFor={`${id}-procedure`}>{t('procedure')}</label>
      <select
        id={`${id}-procedure`}
        value={props.procedureCode}
        onChange={(e) => props.onProcedure(e.target.value)}
        aria-invalid={!!errors.procedure}
        aria-describedby={`${id}-procedure-error`}
      >
        <option value="">{t('choose')}</option>
        {options?.procedures
          .filter((p) => p.channels.includes(props.channel))
          .map((p) => (
            <option key={p.code} value={p.code}>
              {p.code} · {nameOf(p.name)}
            </option>
          ))}
      </select>
      {errors.procedure && (
        <span id={`${id}-procedure-error`} className="pub-error">
          {errors.procedure}
        </span>
      )}
      <label htmlFor={`${id}-unit`}>{t('unit')}</label>
      <select
        id={`${id}-unit`}
        value={props.unitCode}
        onChange={(e) => props.onUnit(e.target.value)}
        aria-invalid={!!unitError}
        aria-describedby={`${id}-unit-error`}
      >
        <option value="">{t('choose')}</option>
        {options?.units.map((u) => (
          <option key={u.code} value={u.code}>
            {nameOf(u.name)}
          </option>
        ))}
      </select>
      {unitError && (
        <span id={`${id}-unit-error`} className="pub-error">
          {unitError}
        </span>
      )}
    </>
  );
}

/** The problems shown at their fields; a problem goes once its field is changed. */
export function useFieldErrors() {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const clearError = (field: string) =>
    setErrors((all) => {
      if (!(field in all)) return all;
      const { [field]: _gone, ...rest } = all;
      return rest;
    });
  return { errors, setErrors, clearError };
}

/** The API's refusal as a form shows it: each problem at its field (`applicant.x` at `x`), and the message. */
export function refusalOf(
  status: number,
  answer: Problem,
  lang: Lang,
  t: (key: PublicKey) => string,
): { errors: Record<string, string>; message: string } {
  const errors: Record<string, string> = {};
  for (const p of answer.problems ?? [])
    errors[p.path.replace(/^applicant\./, '')] = (lang === 'vi' ? p.messageVi : undefined) ?? p.message;
  return { errors, message: status === 429 ? t('throttled') : messageOf(answer, lang, t('failed')) };
}
