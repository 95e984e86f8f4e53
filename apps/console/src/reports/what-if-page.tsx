import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import {
  Anchor,
  Button,
  Group,
  NumberInput,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';
import { ProblemAlert } from '../common/problem-alert';
import { formatDateTime, formatNumber, formatPercent, monthStart, todayInVietnam } from '../i18n/format';
import { DayInput } from '../common/day-input';

interface Change {
  code: string;
  procedureCode: string;
  before: { dueAt: string; outcome: string; lateAgencies: string[] };
  after: { dueAt: string; outcome: string; lateAgencies: string[] };
  changed: string[];
}
interface Totals {
  dossiers: number;
  changed: number;
  dueDateMoved: number;
  newlyLate: number;
  noLongerLate: number;
  differFromRecord: number;
  truncated: boolean;
  calendarChangeApplies: boolean;
}
interface EarlyWarnings {
  total: {
    visits: number;
    warned: number;
    warnedLate: number;
    late: number;
    precision: number | null;
    recall: number | null;
  };
  agencies: {
    agencyCode: string;
    warned: number;
    warnedLate: number;
    late: number;
    precision: number | null;
    recall: number | null;
  }[];
}

/** Dates typed as "2025-05-02, 2025-05-05" (spaces or commas). */
const dates = (text: string) => text.split(/[\s,;]+/).filter(Boolean);

/**
 * Phân tích giả định: the recorded dossiers of a period judged again with days declared off or made
 * working (POST /what-if, nothing written), and how good the early warning of lateness has been (GET
 * /reports/early-warnings). For inspectors, leaders and the units (each within what it may see).
 */
export function WhatIfPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const today = todayInVietnam();
  const [from, setFrom] = useState(monthStart(today));
  const [to, setTo] = useState(today);
  const [procedure, setProcedure] = useState('');
  const [daysOff, setDaysOff] = useState('');
  const [reason, setReason] = useState('');
  const [workingDays, setWorkingDays] = useState('');
  const [limit, setLimit] = useState<number | string>('');
  const [running, setRunning] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const [answer, setAnswer] = useState<{ totals: Totals; changes: Change[] } | null>(null);

  const warnings = useQuery({
    queryKey: ['early-warnings', from, to],
    queryFn: async () =>
      (await unwrap(
        api.GET('/reports/early-warnings', { params: { query: { from, to } as never } }),
      )) as unknown as EarlyWarnings,
  });

  async function run() {
    setRunning(true);
    setFailure(null);
    try {
      const body = {
        period: { from, to },
        ...(procedure.trim() ? { procedure: [procedure.trim()] } : {}),
        // Another statutory limit for the procedure named (other budgets: the API's `rules`).
        ...(procedure.trim() && limit !== ''
          ? {
              rules: {
                [procedure.trim()]: { statutoryLimit: { unit: 'workingDays', amount: Number(limit) } },
              },
            }
          : {}),
        calendar: {
          ...(dates(daysOff).length > 0
            ? {
                daysOff: dates(daysOff).map((date) => ({
                  date,
                  reason: reason.trim() || t('whatIf.defaultReason'),
                })),
              }
            : {}),
          ...(dates(workingDays).length > 0 ? { workingDays: dates(workingDays) } : {}),
        },
        limit: 1000,
      };
      const data = await unwrap(api.POST('/what-if', { body: body as never }));
      setAnswer(data as unknown as { totals: Totals; changes: Change[] });
    } catch (error) {
      setAnswer(null);
      setFailure(error);
    } finally {
      setRunning(false);
    }
  }

  const outcome = (o: string) => t(`whatIf.outcome.${o}`, { defaultValue: o });
  return (
    <Stack>
      <Title order={2}>{t('whatIf.title')}</Title>
      <Text size="sm">{t('whatIf.hint')}</Text>
      <Paper withBorder p="sm">
        <Group align="flex-end" wrap="wrap">
          <DayInput label={t('whatIf.from')} value={from} onChange={setFrom} />
          <DayInput label={t('whatIf.to')} value={to} onChange={setTo} />
          <TextInput
            label={t('whatIf.procedure')}
            value={procedure}
            onChange={(e) => setProcedure(e.currentTarget.value)}
            placeholder="1.001193"
            w={160}
          />
          <NumberInput
            label={t('whatIf.limit')}
            description={t('whatIf.limitHint')}
            value={limit}
            onChange={setLimit}
            min={0}
            decimalScale={2}
            disabled={!procedure.trim()}
            w={240}
          />
        </Group>
        <Group align="flex-end" wrap="wrap" mt="xs">
          <TextInput
            label={t('whatIf.daysOff')}
            description={t('whatIf.datesHint')}
            value={daysOff}
            onChange={(e) => setDaysOff(e.currentTarget.value)}
            w={300}
          />
          <TextInput
            label={t('whatIf.reason')}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            w={260}
          />
          <TextInput
            label={t('whatIf.workingDays')}
            description={t('whatIf.datesHint')}
            value={workingDays}
            onChange={(e) => setWorkingDays(e.currentTarget.value)}
            w={300}
          />
          <Button onClick={() => void run()} loading={running} data-testid="what-if-run">
            {t('whatIf.run')}
          </Button>
        </Group>
      </Paper>
      {failure ? <ProblemAlert error={failure} /> : null}
      {answer && (
        <Stack gap="sm" data-testid="what-if-result">
          <SimpleGrid cols={{ base: 2, md: 5 }}>
            {(
              [
                ['dossiers', answer.totals.dossiers],
                ['changed', answer.totals.changed],
                ['dueDateMoved', answer.totals.dueDateMoved],
                ['newlyLate', answer.totals.newlyLate],
                ['noLongerLate', answer.totals.noLongerLate],
              ] as const
            ).map(([key, n]) => (
              <Paper key={key} withBorder p="xs" data-total={key}>
                <Text size="xs">{t(`whatIf.totals.${key}`)}</Text>
                <Text fw={700} size="lg">
                  {formatNumber(n, lang)}
                </Text>
              </Paper>
            ))}
          </SimpleGrid>
          {answer.totals.differFromRecord > 0 && (
            <Text size="sm">
              {t('whatIf.differFromRecord', { n: formatNumber(answer.totals.differFromRecord, lang) })}
            </Text>
          )}
          {!answer.totals.calendarChangeApplies && <Text size="sm">{t('whatIf.alwaysOpen')}</Text>}
          {answer.totals.truncated && (
            <Text size="sm">{t('whatIf.truncated', { n: answer.changes.length })}</Text>
          )}
          {answer.changes.length > 0 && (
            <Table data-testid="what-if-changes">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('whatIf.dossier')}</Table.Th>
                  <Table.Th>{t('whatIf.before')}</Table.Th>
                  <Table.Th>{t('whatIf.after')}</Table.Th>
                  <Table.Th>{t('whatIf.responsible')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {answer.changes.map((c) => (
                  <Table.Tr key={c.code} data-code={c.code}>
                    <Table.Td>
                      <Anchor component={Link} to={`/dossiers/${encodeURIComponent(c.code)}`}>
                        {c.code}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      {outcome(c.before.outcome)} · {formatDateTime(c.before.dueAt, lang)}
                    </Table.Td>
                    <Table.Td>
                      {outcome(c.after.outcome)} · {formatDateTime(c.after.dueAt, lang)}
                    </Table.Td>
                    <Table.Td>{c.after.lateAgencies.join(', ') || '—'}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Stack>
      )}
      <Paper withBorder p="sm" data-testid="early-warnings">
        <Title order={3} size="h4" mb="xs">
          {t('whatIf.earlyWarnings')}
        </Title>
        {warnings.error ? <ProblemAlert error={warnings.error} /> : null}
        {warnings.data && (
          <>
            <Text size="sm" mb="xs">
              {t('whatIf.earlyWarningsTotal', {
                warned: formatNumber(warnings.data.total.warned, lang),
                late: formatNumber(warnings.data.total.late, lang),
                precision: formatPercent(warnings.data.total.precision, lang),
                recall: formatPercent(warnings.data.total.recall, lang),
              })}
            </Text>
            {warnings.data.agencies.length > 0 && (
              <Table>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('whatIf.agency')}</Table.Th>
                    <Table.Th>{t('whatIf.warned')}</Table.Th>
                    <Table.Th>{t('whatIf.late')}</Table.Th>
                    <Table.Th>{t('whatIf.precision')}</Table.Th>
                    <Table.Th>{t('whatIf.recall')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {warnings.data.agencies.map((a) => (
                    <Table.Tr key={a.agencyCode}>
                      <Table.Td>{a.agencyCode}</Table.Td>
                      <Table.Td>{formatNumber(a.warned, lang)}</Table.Td>
                      <Table.Td>{formatNumber(a.late, lang)}</Table.Td>
                      <Table.Td>{formatPercent(a.precision, lang)}</Table.Td>
                      <Table.Td>{formatPercent(a.recall, lang)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </>
        )}
      </Paper>
    </Stack>
  );
}
