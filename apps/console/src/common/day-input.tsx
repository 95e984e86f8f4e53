import { DateInput, DateTimePicker, DatesProvider } from '@mantine/dates';
import dayjs from 'dayjs';
import 'dayjs/locale/vi';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { parseDay } from '../i18n/format';

/** Days as Vietnamese write them, whatever the browser's own locale: 04/12/2026. */
export const DAY_FORMAT = 'DD/MM/YYYY';
const DAY_TIME_FORMAT = 'DD/MM/YYYY HH:mm';

/** The calendars of the date fields in the console's language (month and weekday names, Monday first). */
export function ConsoleDates({ children }: { children: ReactNode }) {
  const { i18n } = useTranslation();
  const locale = i18n.language.startsWith('vi') ? 'vi' : 'en';
  dayjs.locale(locale);
  return (
    <DatesProvider settings={{ locale, firstDayOfWeek: 1, consistentWeeks: true }}>{children}</DatesProvider>
  );
}

/**
 * A calendar day (`YYYY-MM-DD` in and out), typed as dd/mm/yyyy or picked on a calendar, the same on
 * every browser (a native date field follows the browser's locale: mm/dd/yyyy in an English one).
 */
export function DayInput({
  label,
  value,
  onChange,
  w = 170,
  error,
}: {
  label: string;
  value: string;
  onChange: (day: string) => void;
  w?: number;
  error?: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <DateInput
      label={label}
      value={value || null}
      onChange={(day) => onChange(day ?? '')}
      valueFormat={DAY_FORMAT}
      dateParser={parseDay}
      placeholder="dd/mm/yyyy"
      w={w}
      error={error}
      clearable
      clearButtonProps={{ 'aria-label': t('common.clear') }}
    />
  );
}

/**
 * A day and time (the browser's local `YYYY-MM-DDTHH:mm`, as a datetime-local field gives), picked
 * on a calendar with the time beside it and shown as dd/mm/yyyy hh:mm.
 */
export function DayTimeInput({
  label,
  value,
  onChange,
  error,
}: {
  label: string;
  value: string;
  onChange: (local: string) => void;
  error?: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <DateTimePicker
      label={label}
      value={value ? value.replace('T', ' ') : null}
      onChange={(v) => onChange(v ? v.slice(0, 16).replace(' ', 'T') : '')}
      valueFormat={DAY_TIME_FORMAT}
      placeholder="dd/mm/yyyy hh:mm"
      error={error}
      clearable
      clearButtonProps={{ 'aria-label': t('common.clear') }}
    />
  );
}
