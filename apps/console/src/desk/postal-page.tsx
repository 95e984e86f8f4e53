import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PickupsSection } from './pickups-section';
import { Alert, Badge, Button, Code, FileInput, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';
import { toProblem } from '../api/problems';
import { useSession } from '../auth/use-session';
import { localized, type ProcedureSummary, type ProcedureVersion } from '../common/procedures';
import { formatDateTime } from '../i18n/format';
import {
  parsePostalBatch,
  postalIntakeRef,
  rowProblems,
  POSTAL_COLUMNS,
  type PostalRow,
} from './postal-batch';

interface RowResult {
  state: 'ready' | 'invalid' | 'sending' | 'received' | 'refused';
  problems: Record<string, string>;
  dossierCode?: string;
  lookupKey?: string;
  appointmentAt?: string;
  again?: boolean;
}

/**
 * Tiếp nhận hồ sơ qua bưu chính công ích: the postal operator's list of dossiers, checked line by line,
 * then received one by one (channel `post`, the tracking number as the intake reference: sending the
 * list again never receives a dossier twice).
 */
export function PostalPage() {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const queries = useQueryClient();
  const unit = session?.claims.agency ?? '';
  const [rows, setRows] = useState<PostalRow[]>([]);
  const [results, setResults] = useState<RowResult[]>([]);
  const [definitions, setDefinitions] = useState<Record<string, ProcedureVersion | undefined>>({});
  const [fileProblems, setFileProblems] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const lang = i18n.language;

  const load = async (file: File | null) => {
    setRows([]);
    setResults([]);
    setFileProblems([]);
    if (!file) return;
    const batch = parsePostalBatch(await file.text());
    setFileProblems(batch.fileProblems);
    // The documents each procedure requires, from its current version.
    const catalogue = await queries.fetchQuery({
      queryKey: ['procedures'],
      queryFn: async () => (await unwrap(api.GET('/procedures', {}))) as unknown as ProcedureSummary[],
    });
    const found: Record<string, ProcedureVersion | undefined> = {};
    for (const code of new Set(batch.rows.map((r) => r.procedureCode).filter(Boolean))) {
      const entry = catalogue.find((p) => p.code === code);
      found[code] = entry?.currentVersion
        ? ((await unwrap(
            api.GET('/procedures/{code}/versions/{version}', {
              params: { path: { code, version: entry.currentVersion } },
            }),
          )) as unknown as ProcedureVersion)
        : undefined;
    }
    setDefinitions(found);
    setRows(batch.rows);
    setResults(
      batch.rows.map((row) => {
        const problems = rowProblems(row, found[row.procedureCode], t);
        return { state: Object.keys(problems).length ? 'invalid' : 'ready', problems };
      }),
    );
  };

  const send = async () => {
    setBusy(true);
    for (const [i, row] of rows.entries()) {
      if (results[i]?.state !== 'ready' && results[i]?.state !== 'refused') continue;
      setResults((r) => r.map((x, j) => (j === i ? { ...x, state: 'sending' } : x)));
      const definition = definitions[row.procedureCode];
      const applicant = Object.fromEntries(Object.entries(row.applicant).filter(([, v]) => v !== ''));
      let next: RowResult;
      try {
        const answer = await api.POST('/dossiers', {
          body: {
            intakeRef: postalIntakeRef(row.tracking)!,
            procedureCode: row.procedureCode,
            channel: 'post',
            channelNote: `Bưu chính công ích, số hiệu ${row.tracking}`,
            receivingUnitCode: unit,
            applicantCommuneCode: unit,
            applicant,
            documents: row.documents.map((code) => ({
              code,
              copies: 1,
              original: definition?.requiredDocuments.find((d) => d.code === code)?.original ?? false,
            })),
          } as never,
        });
        if (answer.response.ok) {
          const receipt = answer.data as unknown as {
            dossierCode: string;
            lookupKey: string;
            appointmentAt: string;
            alreadyReceived: boolean;
          };
          next = {
            state: 'received',
            problems: {},
            dossierCode: receipt.dossierCode,
            lookupKey: receipt.lookupKey,
            appointmentAt: receipt.appointmentAt,
            again: receipt.alreadyReceived,
          };
        } else {
          const p = toProblem(answer.response.status, answer.error);
          next = { state: 'refused', problems: { ...p.fields, '': p.text(lang) } };
        }
      } catch {
        next = { state: 'refused', problems: { '': t('common.networkError') } };
      }
      setResults((r) => r.map((x, j) => (j === i ? next : x)));
    }
    setBusy(false);
  };

  const counts = {
    ready: results.filter((r) => r.state === 'ready').length,
    received: results.filter((r) => r.state === 'received').length,
    problems: results.filter((r) => r.state === 'invalid' || r.state === 'refused').length,
  };
  return (
    <Stack>
      <Title order={2}>{t('postal.title')}</Title>
      <Text size="sm">
        {t('postal.intro')} <Code>{POSTAL_COLUMNS.join(',')}</Code>
      </Text>
      <FileInput
        label={t('postal.file')}
        accept=".csv,text/csv"
        clearable
        clearButtonProps={{ 'aria-label': t('common.clear') }}
        onChange={(f) => void load(f)}
        data-testid="postal-file"
        w={420}
      />
      {fileProblems.length > 0 && (
        <Alert color="#b02525" title={t('postal.fileProblems')}>
          {fileProblems.map((p) => (
            <Text size="sm" key={p}>
              {p}
            </Text>
          ))}
        </Alert>
      )}
      {rows.length > 0 && (
        <>
          <Group>
            <Text size="sm" role="status" data-testid="postal-counts">
              {t('postal.counts', counts)}
            </Text>
            <Button
              onClick={() => void send()}
              loading={busy}
              disabled={counts.ready === 0 && !results.some((r) => r.state === 'refused')}
            >
              {t('postal.send')}
            </Button>
          </Group>
          <Table striped data-testid="postal-rows">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('postal.line')}</Table.Th>
                <Table.Th>{t('postal.tracking')}</Table.Th>
                <Table.Th>{t('desk.procedure')}</Table.Th>
                <Table.Th>{t('applicant.fullName')}</Table.Th>
                <Table.Th>{t('postal.result')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((row, i) => {
                const r = results[i];
                return (
                  <Table.Tr key={row.line} data-line={row.line} data-state={r?.state}>
                    <Table.Td>{row.line}</Table.Td>
                    <Table.Td>{row.tracking}</Table.Td>
                    <Table.Td>
                      {row.procedureCode} {localized(definitions[row.procedureCode]?.name, lang)}
                    </Table.Td>
                    <Table.Td>{row.applicant.fullName}</Table.Td>
                    <Table.Td>
                      <Badge
                        color={
                          r?.state === 'received'
                            ? '#1e6b34'
                            : r?.state === 'ready' || r?.state === 'sending'
                              ? '#495057'
                              : '#b02525'
                        }
                      >
                        {t(`postal.state.${r?.state ?? 'ready'}`)}
                      </Badge>{' '}
                      {r?.dossierCode && (
                        <span data-testid="postal-code">
                          {r.dossierCode} · {r.lookupKey} · {formatDateTime(r.appointmentAt, lang)}
                          {r.again ? ` (${t('postal.again')})` : ''}
                        </span>
                      )}
                      {Object.entries(r?.problems ?? {}).map(([path, message]) => (
                        <Text size="xs" c="#b02525" key={path}>
                          {path ? `${path}: ` : ''}
                          {message}
                        </Text>
                      ))}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </>
      )}
      <PickupsSection />
    </Stack>
  );
}
