import { Inject, Injectable } from '@nestjs/common';
import {
  DEFAULT_WORKING_HOURS,
  VietnameseWorkingTimeCalendar,
  alwaysOpenCalendar,
  type WorkingTimeCalendar,
} from '@lien-thong/calendar';
import { HolidayCalendarService } from '@lien-thong/holiday-calendar';
import { RUNTIME_CONFIG, type RuntimeConfig } from '@lien-thong/config';

/**
 * The working-time calendar dates are computed on: the Vietnamese civil-service calendar with every
 * holiday decision loaded so far (shipped files plus `POST /calendar/decisions`), or the always-open
 * calendar when the runtime says so (test procedures with budgets in seconds).
 */
@Injectable()
export class DossierCalendar {
  constructor(
    @Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig,
    private readonly holidays: HolidayCalendarService,
  ) {}

  async current(): Promise<WorkingTimeCalendar> {
    if (this.config.calendar === 'always-open') return alwaysOpenCalendar();
    return new VietnameseWorkingTimeCalendar(await this.holidays.calendar(), DEFAULT_WORKING_HOURS);
  }
}

/** Ends of working days, counted back: the latest instant that is still `days` working days before `due`. */
export function workingDaysBefore(calendar: WorkingTimeCalendar, due: number, days: number): number {
  const DAY = 86_400_000;
  const VN = 7 * 3_600_000;
  const startOfDay = (t: number) => Math.floor((t + VN) / DAY) * DAY - VN;
  let day = startOfDay(due);
  let found = 0;
  for (let i = 0; i < 366 * 2; i += 1) {
    day -= DAY;
    // A day is a working day when its middle counts (10:00 is inside the morning session).
    if (calendar.isWorkingInstant(day + 10 * 3_600_000)) {
      found += 1;
      if (found === days) return calendar.endOfWorkingDay(day + 10 * 3_600_000);
    }
  }
  return due;
}
