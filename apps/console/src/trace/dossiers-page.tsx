import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { Anchor, Badge, Button, Checkbox, Group, Paper, Stack, Table, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';
import { ProblemAlert } from '../common/problem-alert';
import { formatDateTime } from '../i18n/format';

interface DossierRow {
  code: string;
  procedureCode: string;
  status: string;
  receivedAt: string;
  dueAt: string;
  overdue: boolean;
  holders: { stepId: string; agencyCode: string }[];
  lateResponsibleAgencyCodes: string[];
}

/** Hồ sơ: the dossiers the caller may see (the API filters), newest first; open one to trace it. */
export function DossiersPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [code, setCode] = useState('');
  const [overdue, setOverdue] = useState(false);
  const [procedure, setProcedure] = useState('');
  const list = useQuery({
    queryKey: ['dossiers', overdue, procedure],
    queryFn: async () =>
      (await unwrap(
        api.GET('/dossiers', {
          params: {
            query: {
              limit: '100',
              ...(overdue ? { overdue: 'true' } : {}),
              ...(procedure.trim() ? { procedure: procedure.trim() } : {}),
            } as never,
          },
        }),
      )) as unknown as { items: DossierRow[] },
    refetchInterval: 10_000,
  });
  const open = (event: FormEvent) => {
    event.preventDefault();
    if (code.trim()) void navigate(`/dossiers/${encodeURIComponent(code.trim())}`);
  };
  return (
    <Stack>
      <Title order={2}>{t('dossiers.title')}</Title>
      <form onSubmit={open}>
        <Group align="flex-end">
          <TextInput
            label={t('dossier.code')}
            value={code}
            onChange={(e) => setCode(e.currentTarget.value)}
            w={320}
          />
          <Button type="submit">{t('dossiers.open')}</Button>
          <TextInput
            label={t('reports.procedure')}
            value={procedure}
            onChange={(e) => setProcedure(e.currentTarget.value)}
            w={160}
          />
          <Checkbox
            label={t('inbox.overdueOnly')}
            checked={overdue}
            onChange={(e) => setOverdue(e.currentTarget.checked)}
            mb={8}
          />
        </Group>
      </form>
      <ProblemAlert error={list.error} />
      <Paper withBorder p="xs">
        <Table striped highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('dossier.code')}</Table.Th>
              <Table.Th>{t('reports.procedure')}</Table.Th>
              <Table.Th>{t('trace.status')}</Table.Th>
              <Table.Th>{t('dossiers.receivedAt')}</Table.Th>
              <Table.Th>{t('reports.dueAt')}</Table.Th>
              <Table.Th>{t('dossiers.holders')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(list.data?.items ?? []).map((d) => (
              <Table.Tr key={d.code}>
                <Table.Td>
                  <Anchor component={Link} to={`/dossiers/${encodeURIComponent(d.code)}`}>
                    {d.code}
                  </Anchor>
                </Table.Td>
                <Table.Td>{d.procedureCode}</Table.Td>
                <Table.Td>
                  {t(`status.${d.status}`, { defaultValue: d.status })}{' '}
                  {d.overdue && (
                    <Badge color="#b02525" variant="filled">
                      {t('badge.overdue')}
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>{formatDateTime(d.receivedAt, i18n.language)}</Table.Td>
                <Table.Td>{formatDateTime(d.dueAt, i18n.language)}</Table.Td>
                <Table.Td>{d.holders.map((h) => `${h.stepId} (${h.agencyCode})`).join(', ')}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Paper>
    </Stack>
  );
}
