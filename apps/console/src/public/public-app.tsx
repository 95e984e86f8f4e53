import { useEffect, useState, type FormEvent } from 'react';
import {
  formatDate,
  formatDateTime,
  formatNumber,
  formatPercent,
  monthStart,
  todayInVietnam,
} from '../i18n/format';
import { PUBLIC_MESSAGES, type PublicKey } from './public-messages';
import { FilingStatusView, FilingView, type FilingStatus } from './filing-view';
import { PickupView } from './pickup-view';

/**
 * The applicant's pages (mobile first, no sign-in): the lookup by dossier code and lookup key, and
 * the public statistics. A bundle of their own, without the staff console's component library, so a
 * phone on a slow network loads little (< 100 kB of JavaScript, gzipped).
 */
type Lang = 'vi' | 'en';

interface Lookup {
  code: string;
  status: string;
  statusLabel: { vi: string; en: string };
  procedureCode: string;
  receivedAt: string;
  stepsDone: { stepId: string; completedAt: string }[];
  currentHolders: { stepId: string; agencyCode: string }[];
  dueAt: string;
  appointmentAt: string;
  resultReadyAt: string | null;
  returnedAt: string | null;
}
interface Statistics {
  rows: {
    unitCode: string;
    procedureCode: string;
    received: number;
    finished: number;
    early: number;
    onTime: number;
    late: number;
    earlyOrOnTimeShare: number | null;
    inProgress: number;
  }[];
  total: {
    received: number;
    finished: number;
    early: number;
    onTime: number;
    late: number;
    earlyOrOnTimeShare: number | null;
    inProgress: number;
  };
}

const initialLang = (): Lang => {
  const saved = localStorage.getItem('lien-thong.lang');
  return saved === 'en' ? 'en' : 'vi';
};

type View = 'lookup' | 'statistics' | 'filing' | 'pickup';
const viewOf = (pathname: string): View =>
  pathname.endsWith('/statistics')
    ? 'statistics'
    : pathname.endsWith('/filing')
      ? 'filing'
      : pathname.endsWith('/pickup')
        ? 'pickup'
        : 'lookup';

export function PublicApp() {
  const [lang, setLang] = useState<Lang>(initialLang);
  const [view, setView] = useState<View>(viewOf(location.pathname));
  const t = (key: PublicKey) => PUBLIC_MESSAGES[lang][key];
  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = `${t(view)} · ${t('title')}`;
    localStorage.setItem('lien-thong.lang', lang);
  });
  const navigate = (next: View, search = '') => {
    history.pushState(null, '', `/console/public/${next}${search}`);
    setView(next);
  };
  useEffect(() => {
    const onPop = () => setView(viewOf(location.pathname));
    addEventListener('popstate', onPop);
    return () => removeEventListener('popstate', onPop);
  }, []);
  return (
    <>
      <header className="pub-header">
        <h1>{t('title')}</h1>
        <nav aria-label={t('title')}>
          <a
            href="/console/public/lookup"
            aria-current={view === 'lookup' ? 'page' : undefined}
            onClick={(e) => (e.preventDefault(), navigate('lookup'))}
          >
            {t('lookup')}
          </a>
          <a
            href="/console/public/filing"
            aria-current={view === 'filing' ? 'page' : undefined}
            onClick={(e) => (e.preventDefault(), navigate('filing'))}
          >
            {t('filing')}
          </a>
          <a
            href="/console/public/pickup"
            aria-current={view === 'pickup' ? 'page' : undefined}
            onClick={(e) => (e.preventDefault(), navigate('pickup'))}
          >
            {t('pickup')}
          </a>
          <a
            href="/console/public/statistics"
            aria-current={view === 'statistics' ? 'page' : undefined}
            onClick={(e) => (e.preventDefault(), navigate('statistics'))}
          >
            {t('statistics')}
          </a>
          <a href="/console/login">{t('staff')}</a>
        </nav>
        <label className="pub-lang">
          {t('language')}{' '}
          <select value={lang} onChange={(e) => setLang(e.target.value === 'en' ? 'en' : 'vi')}>
            <option value="vi">Tiếng Việt</option>
            <option value="en">English</option>
          </select>
        </label>
      </header>
      <main className="pub-main">
        {view === 'statistics' ? (
          <StatisticsView lang={lang} t={t} />
        ) : view === 'pickup' ? (
          <PickupView lang={lang} t={t} />
        ) : view === 'filing' ? (
          <FilingView
            lang={lang}
            t={t}
            onFiled={(ref, key) =>
              navigate('lookup', `?code=${encodeURIComponent(ref)}&key=${encodeURIComponent(key)}`)
            }
          />
        ) : (
          <LookupView lang={lang} t={t} />
        )}
      </main>
    </>
  );
}

function LookupView({ lang, t }: { lang: Lang; t: (key: PublicKey) => string }) {
  const params = new URLSearchParams(location.search);
  const [code, setCode] = useState(params.get('code') ?? '');
  const [key, setKey] = useState(params.get('key') ?? '');
  const [errors, setErrors] = useState<{ code?: string; key?: string }>({});
  const [message, setMessage] = useState<string | null>(null);
  const [result, setResult] = useState<Lookup | null>(null);
  const [filing, setFiling] = useState<FilingStatus | null>(null);
  const [busy, setBusy] = useState(false);
  // Arriving with both (after filing online, or from a link): look up at once.
  useEffect(() => {
    if (code.trim() && key.trim()) void lookUp();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await lookUp();
  };
  const lookUp = async () => {
    const missing = {
      ...(code.trim() ? {} : { code: t('required') }),
      ...(key.trim() ? {} : { key: t('required') }),
    };
    setErrors(missing);
    setMessage(null);
    setResult(null);
    setFiling(null);
    if (missing.code || missing.key) return;
    setBusy(true);
    // A filing reference (TT-…) before the desk gave a dossier code, or a dossier code.
    const isFiling = /^TT-/i.test(code.trim());
    try {
      const response = await fetch(
        `/public/${isFiling ? 'filings' : 'dossiers'}/${encodeURIComponent(code.trim().toUpperCase())}?key=${encodeURIComponent(key.trim())}`,
      );
      if (response.ok && isFiling) setFiling((await response.json()) as FilingStatus);
      else if (response.ok) setResult((await response.json()) as Lookup);
      else
        setMessage(
          response.status === 429
            ? t('throttled')
            : response.status === 404 || response.status === 400
              ? t('notFound')
              : t('failed'),
        );
    } catch {
      setMessage(t('failed'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="lookup-title">
      <h2 id="lookup-title">{t('lookup')}</h2>
      <form onSubmit={(e) => void submit(e)} noValidate className="pub-form">
        <Field
          id="code"
          label={t('code')}
          hint={t('codeHint')}
          value={code}
          onChange={setCode}
          error={errors.code}
        />
        <Field
          id="key"
          label={t('key')}
          hint={t('keyHint')}
          value={key}
          onChange={setKey}
          error={errors.key}
        />
        <button type="submit" disabled={busy}>
          {t('search')}
        </button>
      </form>
      {message && (
        <p role="alert" className="pub-alert">
          {message}
        </p>
      )}
      {filing && <FilingStatusView status={filing} lookupKey={key.trim()} lang={lang} t={t} />}
      {result && (
        <dl className="pub-result" data-testid="lookup-result">
          <dt>{t('code')}</dt>
          <dd>{result.code}</dd>
          <dt>{t('status')}</dt>
          <dd data-testid="lookup-status">{result.statusLabel[lang]}</dd>
          <dt>{t('procedure')}</dt>
          <dd>{result.procedureCode}</dd>
          <dt>{t('receivedAt')}</dt>
          <dd>{formatDateTime(result.receivedAt, lang)}</dd>
          <dt>{t('appointmentAt')}</dt>
          <dd>{formatDateTime(result.appointmentAt, lang)}</dd>
          <dt>{t('stepsDone')}</dt>
          <dd data-testid="lookup-steps">
            {result.stepsDone.length ? (
              <ul>
                {result.stepsDone.map((s) => (
                  <li key={`${s.stepId}-${s.completedAt}`}>
                    {s.stepId}: {formatDateTime(s.completedAt, lang)}
                  </li>
                ))}
              </ul>
            ) : (
              t('none')
            )}
          </dd>
          <dt>{t('currentHolders')}</dt>
          <dd>
            {result.currentHolders.length
              ? result.currentHolders.map((h) => `${h.stepId} (${h.agencyCode})`).join(', ')
              : t('none')}
          </dd>
          {result.resultReadyAt && (
            <>
              <dt>{t('resultReadyAt')}</dt>
              <dd>{formatDateTime(result.resultReadyAt, lang)}</dd>
            </>
          )}
          {result.returnedAt && (
            <>
              <dt>{t('returnedAt')}</dt>
              <dd>{formatDateTime(result.returnedAt, lang)}</dd>
            </>
          )}
        </dl>
      )}
    </section>
  );
}

function StatisticsView({ lang, t }: { lang: Lang; t: (key: PublicKey) => string }) {
  const today = todayInVietnam();
  const [period, setPeriod] = useState({ from: monthStart(today), to: today });
  const [shown, setShown] = useState(period);
  const [data, setData] = useState<Statistics | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  useEffect(() => {
    let alive = true;
    setMessage(null);
    fetch(`/public/statistics?from=${shown.from}&to=${shown.to}`)
      .then(async (r) => {
        if (!alive) return;
        if (!r.ok) {
          const body = (await r.json().catch(() => ({}))) as { message?: string; messageVi?: string };
          setMessage(
            (lang === 'vi' ? body.messageVi : undefined) ?? body.message ?? PUBLIC_MESSAGES[lang].failed,
          );
          return;
        }
        setData((await r.json()) as Statistics);
      })
      .catch(() => alive && setMessage(PUBLIC_MESSAGES[lang].failed));
    return () => {
      alive = false;
    };
  }, [shown, lang]);
  const share = (row: { earlyOrOnTimeShare: number | null }) => formatPercent(row.earlyOrOnTimeShare, lang);
  return (
    <section aria-labelledby="stats-title">
      <h2 id="stats-title">{t('statistics')}</h2>
      <form
        className="pub-period"
        onSubmit={(e) => {
          e.preventDefault();
          setShown(period);
        }}
      >
        <label>
          {t('from')}{' '}
          <input
            type="date"
            value={period.from}
            onChange={(e) => setPeriod({ ...period, from: e.target.value })}
          />
        </label>
        <label>
          {t('to')}{' '}
          <input
            type="date"
            value={period.to}
            onChange={(e) => setPeriod({ ...period, to: e.target.value })}
          />
        </label>
        <button type="submit">{t('show')}</button>
      </form>
      <p>
        {formatDate(shown.from, lang)} – {formatDate(shown.to, lang)}
      </p>
      {message && (
        <p role="alert" className="pub-alert">
          {message}
        </p>
      )}
      {data && (
        <div className="pub-table-wrap" role="region" aria-labelledby="stats-title" tabIndex={0}>
          <table className="pub-table" data-testid="public-statistics">
            <thead>
              <tr>
                <th scope="col">{t('unit')}</th>
                <th scope="col">{t('procedure')}</th>
                <th scope="col">{t('received')}</th>
                <th scope="col">{t('finished')}</th>
                <th scope="col">{t('late')}</th>
                <th scope="col">{t('onTimeShare')}</th>
                <th scope="col">{t('inProgress')}</th>
              </tr>
            </thead>
            <tbody>
              {data.rows.map((r) => (
                <tr key={`${r.unitCode}-${r.procedureCode}`}>
                  <td>{r.unitCode}</td>
                  <td>{r.procedureCode}</td>
                  <td>{formatNumber(r.received, lang)}</td>
                  <td>{formatNumber(r.finished, lang)}</td>
                  <td>{formatNumber(r.late, lang)}</td>
                  <td>{share(r)}</td>
                  <td>{formatNumber(r.inProgress, lang)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row" colSpan={2}>
                  {t('total')}
                </th>
                <td>{formatNumber(data.total.received, lang)}</td>
                <td>{formatNumber(data.total.finished, lang)}</td>
                <td>{formatNumber(data.total.late, lang)}</td>
                <td>{share(data.total)}</td>
                <td>{formatNumber(data.total.inProgress, lang)}</td>
              </tr>
            </tfoot>
          </table>
        </div>
      )}
    </section>
  );
}

/** A labelled text field with its hint and its problem, both announced with it. */
function Field(props: {
  id: string;
  label: string;
  hint: string;
  value: string;
  onChange: (value: string) => void;
  error: string | undefined;
}) {
  const { id } = props;
  return (
    <>
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        name={id}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        aria-describedby={`${id}-hint ${id}-error`}
        aria-invalid={!!props.error}
        autoComplete="off"
      />
      <small id={`${id}-hint`}>{props.hint}</small>
      {props.error && (
        <span id={`${id}-error`} className="pub-error">
          {props.error}
        </span>
      )}
    </>
  );
}
