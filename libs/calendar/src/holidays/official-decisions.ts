import type { CalendarYear } from './calendar-year';
import y2024 from '../../data/vn-civil-service-2024.json';
import y2025 from '../../data/vn-civil-service-2025.json';
import y2026 from '../../data/vn-civil-service-2026.json';

/**
 * The shipped civil-service calendars (libs/calendar/data), imported as modules so they travel inside
 * any bundle, Temporal's workflow bundle included (webpack inlines JSON). A unit test validates each
 * with parseCalendarYear.
 */
export const OFFICIAL_DECISIONS: readonly CalendarYear[] = [y2024, y2025, y2026];
