import { ANY_ROLE, Allow, CurrentPrincipal, requirePrincipal, type Principal } from '@lien-thong/access';
import { BadRequestException, Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { addDays, isLocalDate, type CalendarDecision, type DayInfo } from '@lien-thong/calendar';
import { HolidayCalendarService, type LoadedDecision } from './holiday-calendar.service';

const MAX_RANGE_DAYS = 400;

@ApiTags('calendar')
@Controller('calendar')
export class HolidayCalendarHttpController {
  constructor(private readonly calendar: HolidayCalendarService) {}

  @Allow('administrator')
  @Post('decisions')
  @ApiOperation({
    summary: "Load a year's government decision on days off and Saturdays worked (400 lists every problem)",
  })
  @ApiBody({
    schema: {
      type: 'object',
      example: {
        year: 2027,
        source: { document: 'Thông báo …/TB-BNV', issuer: 'Bộ Nội vụ', issuedOn: '2026-11-15' },
        daysOff: [{ date: '2027-01-01', reason: 'Tết Dương lịch' }],
        workingDays: [],
      },
    },
  })
  load(@Body() body: Record<string, unknown>, @CurrentPrincipal() by?: Principal): Promise<LoadedDecision> {
    return this.calendar.load(body, requirePrincipal(by).personId);
  }

  @Allow(...ANY_ROLE)
  @Get('decisions')
  @ApiOperation({ summary: 'The decisions in force, by year (shipped ones, overridden by loaded ones)' })
  decisions(): Promise<CalendarDecision[]> {
    return this.calendar.decisions();
  }

  @Allow(...ANY_ROLE)
  @Get('days')
  @ApiOperation({
    summary: 'Working and non-working days between two dates, with the reason for each day off',
  })
  @ApiQuery({ name: 'from', example: '2025-01-20' })
  @ApiQuery({ name: 'to', example: '2025-02-10' })
  async days(@Query('from') from?: string, @Query('to') to?: string): Promise<DayInfo[]> {
    const problems: string[] = [];
    if (!isLocalDate(from)) problems.push('from: must be a date YYYY-MM-DD');
    if (!isLocalDate(to)) problems.push('to: must be a date YYYY-MM-DD');
    if (problems.length || !from || !to) throw new BadRequestException(problems);
    if (to < from) throw new BadRequestException(['to: must not be before from']);
    const calendar = await this.calendar.calendar();
    const days: DayInfo[] = [];
    for (let d = from; d <= to; d = addDays(d, 1)) {
      if (days.length >= MAX_RANGE_DAYS)
        throw new BadRequestException([`to: at most ${MAX_RANGE_DAYS} days at a time`]);
      days.push(calendar.day(d));
    }
    return days;
  }
}
