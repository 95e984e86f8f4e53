export { HolidayCalendarModule } from './holiday-calendar.module';
export {
  HolidayCalendarService,
  CALENDAR_STREAM,
  CALENDAR_DECISION_LOADED,
  type LoadedDecision,
} from './holiday-calendar.service';
