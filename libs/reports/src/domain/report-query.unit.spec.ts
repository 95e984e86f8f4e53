import { DomainError } from '@lien-thong/contracts';
import { parseReportQuery, periodBounds, reportBuckets } from './report-query';
import { reportScope } from '../summary/report-scope';

const problemsOf = (q: Record<string, string>): string[] => {
  try {
    parseReportQuery(q);
  } catch (error) {
    if (error instanceof DomainError) return (error.problems ?? []).map((p) => `${p.path} ${p.code}`);
    throw error;
  }
  return [];
};

describe('report period, filters and grouping', () => {
  it('reads days in Vietnam time, lists and one time grain', () => {
    const q = parseReportQuery({
      from: '2026-01-01',
      to: '2026-12-31',
      unit: '000.00.71.H29, 000.00.72.H29',
      channel: 'online,national-portal',
      groupBy: 'agency,procedure,quarter',
    });
    expect(q).toEqual({
      from: '2026-01-01',
      to: '2026-12-31',
      filters: { unit: ['000.00.71.H29', '000.00.72.H29'], channel: ['online', 'national-portal'] },
      groupBy: ['agency', 'procedure'],
      timeGrain: 'quarter',
      page: { limit: 100, offset: 0 },
    });
    expect(periodBounds(q)).toEqual({
      start: Date.parse('2025-12-31T17:00:00Z'),
      end: Date.parse('2026-12-31T17:00:00Z'),
    });
  });

  it('refuses, with every problem named, a period over 5 years, an unknown grouping, two time grains, a bad day', () => {
    expect(problemsOf({ from: '2020-01-01', to: '2025-01-01', groupBy: 'ward,month,year' })).toEqual([
      'to RANGE',
      'groupBy ENUM',
      'groupBy CONFLICT',
    ]);
    expect(problemsOf({ from: '2026-02-30', to: '2026-01-01', channel: 'fax', colour: 'red' })).toEqual([
      'colour UNKNOWN',
      'from FORMAT',
      'channel ENUM',
    ]);
    expect(problemsOf({ to: '2026-01-01' })).toEqual(['from REQUIRED']);
    expect(problemsOf({ from: '2026-03-01', to: '2026-02-01' })).toEqual(['to RANGE']);
    expect(problemsOf({ from: '2021-01-01', to: '2025-12-31' })).toEqual([]);
  });

  it('cuts the period into months, quarters or years, the first and last cut to the period', () => {
    const q = { from: '2026-02-15', to: '2026-05-10' };
    expect(reportBuckets({ ...q, timeGrain: 'month' }).map((b) => b.key)).toEqual([
      '2026-02',
      '2026-03',
      '2026-04',
      '2026-05',
    ]);
    const quarters = reportBuckets({ ...q, timeGrain: 'quarter' });
    expect(quarters.map((b) => b.key)).toEqual(['2026-Q1', '2026-Q2']);
    expect(new Date(quarters[0]!.start).toISOString()).toBe('2026-02-14T17:00:00.000Z');
    expect(new Date(quarters[0]!.end).toISOString()).toBe('2026-03-31T17:00:00.000Z');
    expect(new Date(quarters[1]!.end).toISOString()).toBe('2026-05-10T17:00:00.000Z');
    expect(
      reportBuckets({ from: '2025-12-01', to: '2026-01-31', timeGrain: 'year' }).map((b) => b.key),
    ).toEqual(['2025', '2026']);
  });
});

describe('whose dossiers a report counts', () => {
  const q = (filters: Record<string, string>) =>
    parseReportQuery({ from: '2026-01-01', to: '2026-12-31', ...filters });
  const caller = (roles: string[], agencyCode: string | null) =>
    ({ personId: 'p', agencyCode, roles, kind: 'staff' }) as never;

  it('everything for administrators and provincial inspectors; the desk its unit; an agency what it took part in', () => {
    expect(reportScope(caller(['administrator'], null), q({}))).toBeNull();
    expect(reportScope(caller(['auditor'], null), q({ agency: '000.00.72.H29' }))).toBeNull();
    expect(reportScope(caller(['reception-officer'], '000.00.71.H29'), q({}))).toEqual({
      deskUnitCode: '000.00.71.H29',
      participantAgencyCode: null,
    });
    expect(reportScope(caller(['agency-officer'], '000.00.72.H29'), q({ unit: '000.00.71.H29' }))).toEqual({
      deskUnitCode: null,
      participantAgencyCode: '000.00.72.H29',
    });
  });

  it('refuses a filter on a unit or agency the caller cannot see (403), rather than an empty report', () => {
    expect(() =>
      reportScope(caller(['reception-officer'], '000.00.71.H29'), q({ unit: '000.00.73.H29' })),
    ).toThrow(expect.objectContaining({ code: 'REPORT_SCOPE_FORBIDDEN', kind: 'forbidden' }));
    expect(() =>
      reportScope(caller(['agency-head'], '000.00.72.H29'), q({ agency: '000.00.61.H29' })),
    ).toThrow(/may not see the figures of 000.00.61.H29/);
  });
});
