import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { Badge, Button, Group, Paper, Slider, Stack, Table, Text, Timeline, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api, openDocument, unwrap } from '../api/client';
import { ProblemAlert } from '../common/problem-alert';
import { localized, useAgencies, type Localized } from '../common/procedures';
import { formatDateTime, formatNumber } from '../i18n/format';
import { swimlaneOf, type SlipRow } from './swimlane';
import { SwimlaneChart } from './swimlane-chart';

interface TimelineEntry {
  revision: number;
  type: string;
  occurredAt: string;
  actor: { system: string | null; personId: string | null; agencyCode: string | null };
  summary: Localized;
}
interface ControlSlip {
  rows: SlipRow[];
  header: {
    code: string;
    dueAt: string;
    appointmentAt: string;
    receivingUnitCode: string;
    leadAgencyCode: string;
  };
  status: string;
}
interface AsOf {
  revision: number;
  latestRevision: number;
  state: { status: string };
}

const FORMS = ['01', '04', '05', '06'] as const;

/** Tra cứu hồ sơ: the timeline, the swimlane against budgets, time travel, integrity, forms. */
export function TracePage() {
  const { code = '' } = useParams();
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const agencies = useAgencies();
  const names = useMemo(
    () => Object.fromEntries((agencies.data ?? []).map((a) => [a.code, localized(a.name, lang)])),
    [agencies.data, lang],
  );
  const path = { params: { path: { code } } };
  const timeline = useQuery({
    queryKey: ['timeline', code],
    queryFn: async () =>
      (await unwrap(api.GET('/dossiers/{code}/timeline', path))) as unknown as { entries: TimelineEntry[] },
    refetchInterval: 5_000,
  });
  const slip = useQuery({
    queryKey: ['control-slip', code],
    queryFn: async () =>
      (await unwrap(api.GET('/dossiers/{code}/control-slip', path))) as unknown as ControlSlip,
    refetchInterval: 5_000,
  });
  const integrity = useQuery({
    queryKey: ['integrity', code],
    queryFn: async () =>
      (await unwrap(api.GET('/dossiers/{code}/integrity', path))) as unknown as {
        intact: boolean;
        events: number;
      },
  });
  const files = useQuery({
    queryKey: ['files', code],
    queryFn: async () =>
      (await unwrap(api.GET('/dossiers/{code}/files', path))) as unknown as {
        items: {
          id: string;
          name: string;
          sizeBytes: number;
          stepId: string | null;
          documentCode: string | null;
          agencyCode: string;
        }[];
      },
    refetchInterval: 5_000,
  });
  const entries = timeline.data?.entries ?? [];
  const latest = entries.at(-1)?.revision ?? 0;
  const [chosen, setChosen] = useState<number | null>(null);
  const revision = chosen === null ? latest : Math.min(chosen, latest);
  const asOf = useQuery({
    queryKey: ['as-of', code, revision],
    enabled: entries.length > 0,
    queryFn: async () =>
      (await unwrap(
        api.GET('/dossiers/{code}/as-of', {
          params: { path: { code }, query: { revision: String(revision) } as never },
        }),
      )) as unknown as AsOf,
  });
  const until = entries.find((e) => e.revision === revision)?.occurredAt;
  const lane = useMemo(
    () =>
      swimlaneOf(
        slip.data?.rows ?? [],
        Date.now(),
        chosen === null || !until ? Number.POSITIVE_INFINITY : Date.parse(until),
      ),
    [slip.data, chosen, until],
  );
  const shown = entries.filter((e) => e.revision <= revision);

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>
          {t('trace.title')} <span data-testid="trace-code">{code}</span>
        </Title>
        {integrity.data && (
          <Badge
            size="lg"
            color={integrity.data.intact ? '#1e6b34' : '#b02525'}
            variant="filled"
            data-testid="integrity"
            data-intact={String(integrity.data.intact)}
          >
            {integrity.data.intact ? t('trace.intact', { n: integrity.data.events }) : t('trace.tampered')}
          </Badge>
        )}
      </Group>
      <ProblemAlert error={timeline.error ?? slip.error} />
      {slip.data && (
        <Paper withBorder p="sm">
          <Table>
            <Table.Tbody>
              <Table.Tr>
                <Table.Th>{t('trace.status')}</Table.Th>
                <Table.Td data-testid="trace-status">
                  {t(`status.${asOf.data?.state.status ?? slip.data.status}`, {
                    defaultValue: asOf.data?.state.status ?? slip.data.status,
                  })}
                </Table.Td>
                <Table.Th>{t('dossier.appointment')}</Table.Th>
                <Table.Td>{formatDateTime(slip.data.header.appointmentAt, lang)}</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th>{t('trace.receivingUnit')}</Table.Th>
                <Table.Td>
                  {names[slip.data.header.receivingUnitCode] ?? slip.data.header.receivingUnitCode}
                </Table.Td>
                <Table.Th>{t('trace.lead')}</Table.Th>
                <Table.Td>
                  {names[slip.data.header.leadAgencyCode] ?? slip.data.header.leadAgencyCode}
                </Table.Td>
              </Table.Tr>
            </Table.Tbody>
          </Table>
        </Paper>
      )}
      {lane.lateAgencies.length > 0 && (
        <Text c="red.9" fw={700} data-testid="late-agencies">
          {t('trace.lateBy', { agencies: lane.lateAgencies.map((a) => names[a] ?? a).join(', ') })}
        </Text>
      )}
      <SwimlaneChart lane={lane} names={names} />
      {entries.length > 1 && (
        <Stack gap={4}>
          <Text id="revision-label" size="sm">
            {t('trace.asOf', { revision, latest, at: formatDateTime(until, lang) })}
          </Text>
          <Slider
            aria-labelledby="revision-label"
            min={0}
            max={latest}
            step={1}
            value={revision}
            onChange={setChosen}
            label={(v) => `#${v}`}
            thumbLabel={t('trace.revision')}
          />
        </Stack>
      )}
      <Group>
        {FORMS.map((form) => (
          <Button
            key={form}
            variant="default"
            size="xs"
            onClick={() =>
              void openDocument(`/dossiers/${encodeURIComponent(code)}/forms/${form}.pdf`).catch(
                () => undefined,
              )
            }
          >
            {t('trace.form', { form })}
          </Button>
        ))}
      </Group>
      <Title order={3} size="h4">
        {t('trace.files')}
      </Title>
      {files.data && files.data.items.length === 0 && <Text size="sm">{t('trace.noFiles')}</Text>}
      {files.data && files.data.items.length > 0 && (
        <Stack gap={4} data-testid="dossier-files">
          {files.data.items.map((f) => (
            <Group key={f.id} gap="xs">
              <Button
                variant="default"
                size="xs"
                onClick={() =>
                  void openDocument(
                    `/dossiers/${encodeURIComponent(code)}/files/${encodeURIComponent(f.id)}`,
                    f.name,
                  ).catch(() => undefined)
                }
              >
                {f.name}
              </Button>
              <Text size="xs">
                {formatNumber(Math.max(1, Math.round(f.sizeBytes / 1024)), lang)} KB ·{' '}
                {f.stepId === null
                  ? t('trace.fileOfIntake', {
                      document: f.documentCode,
                      agency: names[f.agencyCode] ?? f.agencyCode,
                    })
                  : t('trace.fileOf', { step: f.stepId, agency: names[f.agencyCode] ?? f.agencyCode })}
              </Text>
            </Group>
          ))}
        </Stack>
      )}
      <Title order={3} size="h4">
        {t('trace.timeline')}
      </Title>
      <Timeline bulletSize={14} lineWidth={2} data-testid="timeline">
        {shown.map((e) => (
          <Timeline.Item key={e.revision} title={localized(e.summary, lang)}>
            <Text size="xs">
              #{e.revision} · {formatDateTime(e.occurredAt, lang)} ·{' '}
              {e.actor.personId ?? e.actor.system ?? ''}{' '}
              {e.actor.agencyCode ? `(${names[e.actor.agencyCode] ?? e.actor.agencyCode})` : ''}
            </Text>
          </Timeline.Item>
        ))}
      </Timeline>
    </Stack>
  );
}
