import { Module } from '@nestjs/common';
import { HolidayCalendarHttpController } from './holiday-calendar.http.controller';
import { HolidayCalendarService } from './holiday-calendar.service';

@Module({
  controllers: [HolidayCalendarHttpController],
  providers: [HolidayCalendarService],
  exports: [HolidayCalendarService],
})
export class HolidayCalendarModule {}
