import { domainErrors, type DomainErrorKind } from '@lien-thong/contracts';

/**
 * Every error code the holiday decisions can raise, with its kind (which decides the HTTP status in the API's one
 * exception filter). Declared once here; codes are stable: agencies' systems may depend on them.
 */
export const HOLIDAY_CALENDAR_ERROR_CODES = {
  CALENDAR_DECISION_INVALID: 'validation',
} as const satisfies Record<string, DomainErrorKind>;

export type HolidayCalendarErrorCode = keyof typeof HOLIDAY_CALENDAR_ERROR_CODES;

export const holidayCalendarError = domainErrors(HOLIDAY_CALENDAR_ERROR_CODES);
