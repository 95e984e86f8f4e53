import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { Anchor, Breadcrumbs, Button, Grid, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api, openDocument, unwrap } from '../api/client';
import { ProblemAlert } from '../common/problem-alert';
import { localized, useAgencies, useProcedures } from '../common/procedures';
import { formatDate, formatNumber, formatPercent, monthStart, todayInVietnam } from '../i18n/format';
import { crumbsOf, filtersOf, levelOf, parseDrill, type Drill } from './drill';
import { ReportChart } from './report-chart';
import { DayInput } from '../common/day-input';

interface Figures {
  received: number;
  finished: { total: number; early: number; onTime: number; late: number; earlyOrOnTimeShare: number | null };
  inProgress: { total: number; onTime: number; overdue: number };
}
interface Summary {
  groups: ({ key: Record<string, string> } & Figures)[];
  total: Figures;
}
interface StepRow {
  procedureCode: string;
  stepId: string;
  agencyCode: string;
  visits: number;
  budgetWorkingDays: number | null;
  usedWorkingDays: { p50: number | null; p90: number | null };
  lateShare: number | null;
  returns: number;
}
interface LateReport {
  totals: { late: number; finishedLate: number; runningLate: number };
  items: {
    code: string;
    procedureCode: string;
    dueAt: string;
    resultReadyAt: string | null;
    lateSteps: { stepId: string; agencyCode: string; lateByWorkingDays: number | null }[];
  }[];
}

const query = (filters: Record<string, string>) => new URLSearchParams(filters).toString();

/** Báo cáo: the report endpoints as tables and charts, drilled down by clicking, with exports. */
export function ReportsPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [search, setSearch] = useSearchParams();
  const drill = parseDrill(search);
  const level = levelOf(drill);
  const today = todayInVietnam();
  const from = search.get('from') ?? monthStart(today);
  const to = search.get('to') ?? today;
  const [period, setPeriod] = useState({ from, to });
  const filters = filtersOf(drill, from, to);
  const agencies = useAgencies();
  const procedures = useProcedures();
  const agencyName = useMemo(
    () => Object.fromEntries((agencies.data ?? []).map((a) => [a.code, localized(a.name, lang)])),
    [agencies.data, lang],
  );
  const procedureName = useMemo(
    () => Object.fromEntries((procedures.data ?? []).map((p) => [p.code, localized(p.name, lang)])),
    [procedures.data, lang],
  );
  const go = (next: Drill) => {
    const params = new URLSearchParams({ from, to });
    if (next.agency) params.set('agency', next.agency);
    if (next.procedure) params.set('procedure', next.procedure);
    if (next.step) params.set('step', next.step);
    setSearch(params);
  };

  const summary = useQuery({
    queryKey: ['summary', filters, level],
    enabled: level === 'province' || level === 'agency',
    queryFn: async () =>
      (await unwrap(
        api.GET('/reports/summary', {
          params: { query: { ...filters, groupBy: level === 'province' ? 'agency' : 'procedure' } as never },
        }),
      )) as unknown as Summary,
  });
  const steps = useQuery({
    queryKey: ['steps', filters],
    enabled: level === 'procedure',
    queryFn: async () =>
      (await unwrap(api.GET('/reports/steps', { params: { query: filters as never } }))) as unknown as {
        steps: StepRow[];
      },
  });
  const late = useQuery({
    queryKey: ['late', filters],
    enabled: level === 'step',
    queryFn: async () =>
      (await unwrap(
        api.GET('/reports/late', { params: { query: { ...filters, limit: '200' } as never } }),
      )) as unknown as LateReport,
  });
  const exportReport = level === 'procedure' ? 'steps' : level === 'step' ? 'late' : 'summary';
  const exportQuery = query({
    ...filters,
    ...(exportReport === 'summary' ? { groupBy: level === 'province' ? 'agency' : 'procedure' } : {}),
  });

  const figures = (f: Figures) => (
    <>
      <Table.Td ta="right">{formatNumber(f.received, lang)}</Table.Td>
      <Table.Td ta="right">{formatNumber(f.finished.total, lang)}</Table.Td>
      <Table.Td ta="right">{formatNumber(f.finished.late, lang)}</Table.Td>
      <Table.Td ta="right">{formatPercent(f.finished.earlyOrOnTimeShare, lang)}</Table.Td>
      <Table.Td ta="right">{formatNumber(f.inProgress.total, lang)}</Table.Td>
      <Table.Td ta="right">{formatNumber(f.inProgress.overdue, lang)}</Table.Td>
    </>
  );
  const figureHeads = (
    <>
      <Table.Th ta="right">{t('reports.received')}</Table.Th>
      <Table.Th ta="right">{t('reports.finished')}</Table.Th>
      <Table.Th ta="right">{t('reports.finishedLate')}</Table.Th>
      <Table.Th ta="right">{t('reports.onTimeShare')}</Table.Th>
      <Table.Th ta="right">{t('reports.inProgress')}</Table.Th>
      <Table.Th ta="right">{t('reports.overdue')}</Table.Th>
    </>
  );

  return (
    <Stack>
      <Title order={2}>{t('reports.title')}</Title>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const params = new URLSearchParams(search);
          params.set('from', period.from);
          params.set('to', period.to);
          setSearch(params);
        }}
      >
        <Group align="flex-end">
          <DayInput
            label={t('reports.from')}
            value={period.from}
            onChange={(from) => setPeriod({ ...period, from })}
          />
          <DayInput
            label={t('reports.to')}
            value={period.to}
            onChange={(to) => setPeriod({ ...period, to })}
          />
          <Button type="submit">{t('reports.show')}</Button>
          <Button
            variant="default"
            onClick={() =>
              void openDocument(
                `/reports/${exportReport}/export?${exportQuery}&format=xlsx&lang=${lang.startsWith('en') ? 'en' : 'vi'}`,
                `${exportReport}.xlsx`,
              )
            }
          >
            {t('reports.exportXlsx')}
          </Button>
          <Button
            variant="default"
            onClick={() =>
              void openDocument(
                `/reports/${exportReport}/export?${exportQuery}&format=csv&lang=${lang.startsWith('en') ? 'en' : 'vi'}`,
                `${exportReport}.csv`,
              )
            }
          >
            {t('reports.exportCsv')}
          </Button>
        </Group>
      </form>
      <Breadcrumbs aria-label={t('reports.levels')}>
        {crumbsOf(drill).map((c) => (
          <Anchor key={c.level} component="button" type="button" onClick={() => go(c.drill)}>
            {t(`reports.level.${c.level}`)}
            {c.value
              ? `: ${c.level === 'agency' ? (agencyName[c.value] ?? c.value) : c.level === 'procedure' ? c.value : c.value}`
              : ''}
          </Anchor>
        ))}
      </Breadcrumbs>
      <Text size="sm">
        {formatDate(from, lang)} – {formatDate(to, lang)}
      </Text>
      <ProblemAlert error={summary.error ?? steps.error ?? late.error} />
      {summary.data && (level === 'province' || level === 'agency') && (
        <Paper withBorder p="xs">
          <Table striped highlightOnHover data-testid="summary-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{level === 'province' ? t('reports.agency') : t('reports.procedure')}</Table.Th>
                {figureHeads}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {summary.data.groups.map((g) => {
                const key = level === 'province' ? g.key.agency! : g.key.procedure!;
                return (
                  <Table.Tr key={key} data-row={key}>
                    <Table.Td>
                      <Anchor
                        component="button"
                        type="button"
                        onClick={() =>
                          go(
                            level === 'province' ? { agency: key } : { agency: drill.agency, procedure: key },
                          )
                        }
                      >
                        {level === 'province'
                          ? (agencyName[key] ?? key)
                          : `${key} · ${procedureName[key] ?? ''}`}
                      </Anchor>
                    </Table.Td>
                    {figures(g)}
                  </Table.Tr>
                );
              })}
              <Table.Tr data-row="total">
                <Table.Th>{t('reports.total')}</Table.Th>
                {figures(summary.data.total)}
              </Table.Tr>
            </Table.Tbody>
          </Table>
        </Paper>
      )}
      {steps.data && level === 'procedure' && (
        <Paper withBorder p="xs">
          <Table striped highlightOnHover data-testid="steps-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('reports.step')}</Table.Th>
                <Table.Th>{t('reports.agency')}</Table.Th>
                <Table.Th ta="right">{t('reports.visits')}</Table.Th>
                <Table.Th ta="right">{t('reports.budget')}</Table.Th>
                <Table.Th ta="right">{t('reports.usedP50')}</Table.Th>
                <Table.Th ta="right">{t('reports.lateShare')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {steps.data.steps.map((s) => (
                <Table.Tr key={`${s.stepId}-${s.agencyCode}`} data-row={s.stepId}>
                  <Table.Td>
                    <Anchor component="button" type="button" onClick={() => go({ ...drill, step: s.stepId })}>
                      {s.stepId}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{agencyName[s.agencyCode] ?? s.agencyCode}</Table.Td>
                  <Table.Td ta="right">{formatNumber(s.visits, lang)}</Table.Td>
                  <Table.Td ta="right">{formatNumber(s.budgetWorkingDays, lang, 2)}</Table.Td>
                  <Table.Td ta="right">{formatNumber(s.usedWorkingDays.p50, lang, 2)}</Table.Td>
                  <Table.Td ta="right">{formatPercent(s.lateShare, lang)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      )}
      {late.data && level === 'step' && (
        <Paper withBorder p="xs">
          <Text mb="xs">{t('reports.lateDossiers', { n: formatNumber(late.data.totals.late, lang) })}</Text>
          <Table striped data-testid="late-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('dossier.code')}</Table.Th>
                <Table.Th>{t('reports.lateSteps')}</Table.Th>
                <Table.Th>{t('reports.dueAt')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {late.data.items
                .filter((i) => i.lateSteps.some((s) => s.stepId === drill.step))
                .map((i) => (
                  <Table.Tr key={i.code}>
                    <Table.Td>
                      <Anchor component={Link} to={`/dossiers/${encodeURIComponent(i.code)}`}>
                        {i.code}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      {i.lateSteps
                        .map((s) => `${s.stepId} (${agencyName[s.agencyCode] ?? s.agencyCode})`)
                        .join(', ')}
                    </Table.Td>
                    <Table.Td>{formatDate(i.dueAt, lang)}</Table.Td>
                  </Table.Tr>
                ))}
            </Table.Tbody>
          </Table>
        </Paper>
      )}
      <Grid>
        <Grid.Col span={{ base: 12, lg: 6 }}>
          <ReportChart chart="on-time-trend" query={query(filters)} title={t('reports.chart.trend')} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 6 }}>
          <ReportChart chart="agency-on-time" query={query(filters)} title={t('reports.chart.agencies')} />
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
