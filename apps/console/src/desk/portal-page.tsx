import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, openDocument, unwrap } from '../api/client';
import { toProblem, type ApiProblem } from '../api/problems';
import { ProblemAlert } from '../common/problem-alert';
import { formatDateTime } from '../i18n/format';

interface Submission {
  portalId: string;
  submittedAt: string;
  procedureCode: string;
  receivingUnitCode: string;
  applicant: { fullName: string };
  documents: { code: string }[];
}

interface Taken {
  dossierCode: string;
  lookupKey: string;
  appointmentAt: string | null;
  alreadyReceived: boolean;
}

/**
 * Hồ sơ nộp trên Cổng Dịch vụ công quốc gia: the unit's queue, read live from the portal, each taken in
 * with one click (the portal's id as the intake reference: taking it in again gives the same dossier),
 * with its code, lookup key and appointment, and form 01 to print.
 */
export function PortalPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const queries = useQueryClient();
  const [taken, setTaken] = useState<Record<string, Taken>>({});
  const [busy, setBusy] = useState<string | null>(null);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const queue = useQuery({
    queryKey: ['portal-submissions'],
    queryFn: async () =>
      (await unwrap(api.GET('/channels/national-portal/submissions', {}))) as unknown as {
        items: Submission[];
      },
    refetchInterval: 10_000,
  });

  const accept = async (portalId: string) => {
    setBusy(portalId);
    setProblem(null);
    try {
      const answer = await api.POST('/channels/national-portal/submissions/{portalId}/accept', {
        params: { path: { portalId } },
      });
      if (!answer.response.ok) {
        setProblem(toProblem(answer.response.status, answer.error));
        return;
      }
      setTaken((all) => ({ ...all, [portalId]: answer.data as unknown as Taken }));
      await queries.invalidateQueries({ queryKey: ['portal-submissions'] });
    } catch {
      setProblem(toProblem(0, { message: t('common.networkError') }));
    } finally {
      setBusy(null);
    }
  };

  // What was taken in this session stays listed (with its code) after the portal has dropped it.
  const items = [
    ...(queue.data?.items ?? []),
    ...Object.keys(taken)
      .filter((id) => !(queue.data?.items ?? []).some((s) => s.portalId === id))
      .map((id) => ({ portalId: id }) as Submission),
  ];
  return (
    <Stack>
      <Title order={2}>{t('portal.title')}</Title>
      <Text size="sm">{t('portal.intro')}</Text>
      <ProblemAlert error={problem ?? queue.error} />
      {queue.data && items.length === 0 && <Text>{t('portal.empty')}</Text>}
      {items.length > 0 && (
        <Table striped data-testid="portal-rows">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('portal.portalId')}</Table.Th>
              <Table.Th>{t('portal.submittedAt')}</Table.Th>
              <Table.Th>{t('desk.procedure')}</Table.Th>
              <Table.Th>{t('applicant.fullName')}</Table.Th>
              <Table.Th>{t('postal.result')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((s) => {
              const done = taken[s.portalId];
              return (
                <Table.Tr
                  key={s.portalId}
                  data-portal-id={s.portalId}
                  data-state={done ? 'received' : 'waiting'}
                >
                  <Table.Td>{s.portalId}</Table.Td>
                  <Table.Td>{s.submittedAt ? formatDateTime(s.submittedAt, lang) : ''}</Table.Td>
                  <Table.Td>{s.procedureCode ?? ''}</Table.Td>
                  <Table.Td>{s.applicant?.fullName ?? ''}</Table.Td>
                  <Table.Td>
                    {done ? (
                      <Group gap="xs">
                        <Badge color="#1e6b34" variant="filled">
                          {done.alreadyReceived ? t('postal.again') : t('postal.state.received')}
                        </Badge>
                        <Text size="sm" data-testid="portal-code">
                          {done.dossierCode} · {done.lookupKey}
                          {done.appointmentAt
                            ? ` · ${t('dossier.appointment')} ${formatDateTime(done.appointmentAt, lang)}`
                            : ''}
                        </Text>
                        <Button
                          size="xs"
                          variant="default"
                          onClick={() =>
                            void openDocument(
                              `/dossiers/${encodeURIComponent(done.dossierCode)}/forms/01.pdf`,
                            ).catch(() => undefined)
                          }
                        >
                          {t('trace.form', { form: '01' })}
                        </Button>
                      </Group>
                    ) : (
                      <Button size="xs" loading={busy === s.portalId} onClick={() => void accept(s.portalId)}>
                        {t('portal.accept')}
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
