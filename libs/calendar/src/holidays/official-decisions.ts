import type { CalendarDecision } from './calendar-decision';
import y2024 from '../../data/vn-civil-service-2024.json';
import y2025 from '../../data/vn-civil-service-2025.json';
import y2026 from '../../data/vn-civil-service-2026.json';

/** The shipped official schedules (data files in libs/calendar/data, validated by a unit test). */
export const OFFICIAL_DECISIONS: readonly CalendarDecision[] = [y2024, y2025, y2026];
