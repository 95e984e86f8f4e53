import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Checkbox, Group, List, NumberInput, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { api, unwrap } from '../api/client';
import { ProblemAlert } from '../common/problem-alert';
import { formatDate, formatNumber, formatPercent } from '../i18n/format';
import { DayInput } from '../common/day-input';

interface StepFigures {
  stepId: string;
  agency: string;
  visits: number;
  late: number;
  lateShare: number | null;
  delayWorkingDays: number;
  meanQueueWorkingDays: number;
  source: 'history' | 'assumed';
}
interface Result {
  dossiers: number;
  early: number;
  onTime: number;
  late: number;
  onTimeShare: number;
  processingWorkingDays: { mean: number; p50: number; p90: number };
  lateSteps: StepFigures[];
  queues: { agency: string; capacity: number | null; maxInProgress: number; maxWaiting: number }[];
  bottleneck: { stepId: string; agency: string; reason: string } | null;
}
interface Simulated {
  ref: 'draft' | { version: number };
  result: Result;
  assumptions: { code: string; stepId?: string; agency?: string; message: string }[];
}
interface Answer {
  history: { from: string; to: string; dossiers: number; recordedOnTimeShare: number | null };
  simulated: Simulated;
  comparison: { other: Simulated; difference: { onTimeShare: number; p50WorkingDays: number } } | null;
  capacityPlan: {
    reachable: boolean;
    onTimeShare: number | null;
    agencies: { agency: string; capacity: number | null; heldWithoutLimit: number }[];
  } | null;
}

const percent = formatPercent;
/** A Vietnam calendar day (YYYY-MM-DD) as the console writes dates. */
const day = (date: string, lang: string) => formatDate(`${date}T00:00:00+07:00`, lang);

/**
 * Thử trước khi công bố: the draft (or the version in force) simulated on the real calendar with the
 * agencies' recorded times, beside the published version on the same arrivals (POST
 * /procedures/{code}/simulate, docs/simulation.md); optionally the capacity each agency needs.
 */
export function SimulationPanel({
  code,
  hasDraft,
  hasPublished,
}: {
  code: string;
  hasDraft: boolean;
  hasPublished: boolean;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [dossiers, setDossiers] = useState<number | string>(1000);
  const [perDay, setPerDay] = useState<number | string>('');
  const [firstDay, setFirstDay] = useState('');
  const [target, setTarget] = useState<number | string>('');
  const [compare, setCompare] = useState(true);
  const [running, setRunning] = useState(false);
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [failure, setFailure] = useState<unknown>(null);

  async function run() {
    setRunning(true);
    setFailure(null);
    try {
      const body = {
        definition: hasDraft ? 'draft' : 'published',
        ...(compare && hasDraft && hasPublished ? { compareWith: 'published' } : {}),
        dossiers: Number(dossiers) || 1000,
        ...(perDay !== '' ? { arrivals: { perWorkingDay: Number(perDay) } } : {}),
        ...(firstDay ? { firstDay } : {}),
        ...(target !== '' ? { targetOnTimeShare: Number(target) / 100 } : {}),
      };
      const data = await unwrap(
        api.POST('/procedures/{code}/simulate', { params: { path: { code } }, body: body as never }),
      );
      setAnswer(data as unknown as Answer);
    } catch (error) {
      setAnswer(null);
      setFailure(error);
    } finally {
      setRunning(false);
    }
  }

  const columns = answer ? [answer.simulated, ...(answer.comparison ? [answer.comparison.other] : [])] : [];
  const label = (s: Simulated) =>
    s.ref === 'draft' ? t('simulation.draft') : t('simulation.version', { version: s.ref.version });

  return (
    <Paper withBorder p="sm" data-testid="simulation">
      <Title order={3} size="h4" mb="xs">
        {t('simulation.title')}
      </Title>
      <Text size="sm" mb="xs">
        {t('simulation.hint')}
      </Text>
      <Group align="flex-end" wrap="wrap">
        <NumberInput
          label={t('simulation.dossiers')}
          value={dossiers}
          onChange={setDossiers}
          min={1}
          max={1_000_000}
          w={150}
        />
        <NumberInput
          label={t('simulation.perDay')}
          description={t('simulation.perDayHint')}
          value={perDay}
          onChange={setPerDay}
          min={0.001}
          w={200}
        />
        <DayInput label={t('simulation.firstDay')} value={firstDay} onChange={setFirstDay} />
        <NumberInput
          label={t('simulation.target')}
          value={target}
          onChange={setTarget}
          min={1}
          max={100}
          suffix=" %"
          w={170}
        />
        {hasDraft && hasPublished && (
          <Checkbox
            label={t('simulation.compare')}
            checked={compare}
            onChange={(e) => setCompare(e.currentTarget.checked)}
          />
        )}
        <Button onClick={() => void run()} loading={running} data-testid="simulate">
          {t('simulation.run')}
        </Button>
      </Group>
      {failure ? <ProblemAlert error={failure} /> : null}
      {answer && (
        <Stack mt="md" gap="sm">
          <Text size="sm">
            {t('simulation.history', {
              from: day(answer.history.from, lang),
              to: day(answer.history.to, lang),
              n: formatNumber(answer.history.dossiers, lang),
              share: percent(answer.history.recordedOnTimeShare, lang),
            })}
          </Text>
          <Table data-testid="simulation-figures" withTableBorder>
            <Table.Thead>
              <Table.Tr>
                <Table.Th />
                {columns.map((c) => (
                  <Table.Th key={label(c)}>{label(c)}</Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              <Table.Tr data-figure="on-time">
                <Table.Td>{t('simulation.onTimeShare')}</Table.Td>
                {columns.map((c) => (
                  <Table.Td key={label(c)}>{percent(c.result.onTimeShare, lang)}</Table.Td>
                ))}
              </Table.Tr>
              <Table.Tr>
                <Table.Td>{t('simulation.processing')}</Table.Td>
                {columns.map((c) => (
                  <Table.Td key={label(c)}>
                    {formatNumber(c.result.processingWorkingDays.p50, lang, 2)} /{' '}
                    {formatNumber(c.result.processingWorkingDays.p90, lang, 2)}
                  </Table.Td>
                ))}
              </Table.Tr>
              <Table.Tr>
                <Table.Td>{t('simulation.late')}</Table.Td>
                {columns.map((c) => (
                  <Table.Td key={label(c)}>
                    {formatNumber(c.result.late, lang)} / {formatNumber(c.result.dossiers, lang)}
                  </Table.Td>
                ))}
              </Table.Tr>
              <Table.Tr data-figure="bottleneck">
                <Table.Td>{t('simulation.bottleneck')}</Table.Td>
                {columns.map((c) => (
                  <Table.Td key={label(c)}>
                    {c.result.bottleneck
                      ? `${c.result.bottleneck.stepId} · ${c.result.bottleneck.agency}`
                      : '—'}
                  </Table.Td>
                ))}
              </Table.Tr>
            </Table.Tbody>
          </Table>
          {answer.simulated.result.lateSteps.length > 0 && (
            <>
              <Title order={4} size="h5">
                {t('simulation.lateSteps')}
              </Title>
              <Table data-testid="simulation-late-steps">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('simulation.step')}</Table.Th>
                    <Table.Th>{t('simulation.agency')}</Table.Th>
                    <Table.Th>{t('simulation.lateShare')}</Table.Th>
                    <Table.Th>{t('simulation.delay')}</Table.Th>
                    <Table.Th>{t('simulation.queue')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {answer.simulated.result.lateSteps.map((s) => (
                    <Table.Tr key={`${s.stepId}/${s.agency}`}>
                      <Table.Td>{s.stepId}</Table.Td>
                      <Table.Td>
                        {s.agency}
                        {s.source === 'assumed' ? ` (${t('simulation.assumed')})` : ''}
                      </Table.Td>
                      <Table.Td>{percent(s.lateShare, lang)}</Table.Td>
                      <Table.Td>{formatNumber(s.delayWorkingDays, lang, 2)}</Table.Td>
                      <Table.Td>{formatNumber(s.meanQueueWorkingDays, lang, 2)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </>
          )}
          {answer.capacityPlan && (
            <>
              <Title order={4} size="h5">
                {t('simulation.capacityPlan')}
              </Title>
              {answer.capacityPlan.reachable ? (
                <Table data-testid="capacity-plan">
                  <Table.Tbody>
                    {answer.capacityPlan.agencies.map((a) => (
                      <Table.Tr key={a.agency}>
                        <Table.Td>{a.agency}</Table.Td>
                        <Table.Td>
                          {t('simulation.capacity', { n: a.capacity ?? '—', held: a.heldWithoutLimit })}
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              ) : (
                <Text size="sm">{t('simulation.unreachable')}</Text>
              )}
            </>
          )}
          <details>
            <summary>{t('simulation.assumptions')}</summary>
            <List size="sm">
              {answer.simulated.assumptions.map((a, i) => (
                <List.Item key={i}>
                  {[a.stepId, a.agency].filter(Boolean).join(' · ')}
                  {a.stepId || a.agency ? ': ' : ''}
                  {a.message}
                </List.Item>
              ))}
            </List>
          </details>
        </Stack>
      )}
    </Paper>
  );
}
