import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, openDocument, unwrap } from '../api/client';
import { toProblem, type ApiProblem } from '../api/problems';
import { ProblemAlert } from '../common/problem-alert';
import { formatDateTime } from '../i18n/format';

interface Pickup {
  pickupRef: string;
  trackingNumber: string;
  requestedAt: string;
  procedure: {
    code: string;
    name: { vi: string; en?: string } | null;
    requiredDocuments: { code: string; copies: number; original: boolean }[];
  };
  receivingUnitCode: string;
  applicant: { fullName: string; address: string; phone: string | null } | 'erased';
  postalStatus: 'accepted' | 'in-transit' | 'delivered' | 'returned-to-sender' | null;
}

interface Received {
  pickup: Pickup;
  dossierCode: string;
  lookupKey: string;
}

/**
 * Hồ sơ thu gom tại nhà: the unit's pick-ups booked by applicants (issue 24), each with where the postal
 * service has it; when the paper arrives the desk receives it with the documents the procedure asks
 * for (what it found in the envelope), the tracking number recorded with the dossier.
 */
export function PickupsSection() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const queries = useQueryClient();
  const [received, setReceived] = useState<Record<string, Received>>({});
  const [busy, setBusy] = useState<string | null>(null);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const list = useQuery({
    queryKey: ['postal-pickups'],
    queryFn: async () =>
      (await unwrap(api.GET('/channels/postal/pickups', {}))) as unknown as { items: Pickup[] },
    refetchInterval: 15_000,
  });

  const receive = async (pickup: Pickup) => {
    setBusy(pickup.pickupRef);
    setProblem(null);
    try {
      const answer = await api.POST('/channels/postal/pickups/{pickupRef}/receive', {
        params: { path: { pickupRef: pickup.pickupRef } },
        body: {
          applicantCommuneCode: pickup.receivingUnitCode,
          documents: pickup.procedure.requiredDocuments.map((d) => ({
            code: d.code,
            copies: d.copies,
            original: d.original,
          })),
        },
      });
      if (!answer.response.ok) {
        setProblem(toProblem(answer.response.status, answer.error));
        return;
      }
      const data = answer.data as unknown as { dossierCode: string; lookupKey: string };
      setReceived((all) => ({ ...all, [pickup.pickupRef]: { pickup, ...data } }));
      await queries.invalidateQueries({ queryKey: ['postal-pickups'] });
    } catch {
      setProblem(toProblem(0, { message: t('common.networkError') }));
    } finally {
      setBusy(null);
    }
  };

  const waiting = list.data?.items ?? [];
  const rows = [
    ...waiting,
    ...Object.values(received)
      .filter((r) => !waiting.some((p) => p.pickupRef === r.pickup.pickupRef))
      .map((r) => r.pickup),
  ];
  return (
    <Stack>
      <Title order={3}>{t('postal.pickups')}</Title>
      <Text size="sm">{t('postal.pickupsIntro')}</Text>
      <ProblemAlert error={problem ?? list.error} />
      {list.data && rows.length === 0 && <Text>{t('postal.pickupsEmpty')}</Text>}
      {rows.length > 0 && (
        <Table striped data-testid="pickup-rows">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('postal.tracking')}</Table.Th>
              <Table.Th>{t('postal.requestedAt')}</Table.Th>
              <Table.Th>{t('desk.procedure')}</Table.Th>
              <Table.Th>{t('applicant.fullName')}</Table.Th>
              <Table.Th>{t('postal.postalStatus')}</Table.Th>
              <Table.Th>{t('postal.result')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((p) => {
              const done = received[p.pickupRef];
              return (
                <Table.Tr
                  key={p.pickupRef}
                  data-pickup-ref={p.pickupRef}
                  data-state={done ? 'received' : 'waiting'}
                >
                  <Table.Td>{p.trackingNumber}</Table.Td>
                  <Table.Td>{formatDateTime(p.requestedAt, lang)}</Table.Td>
                  <Table.Td>
                    {p.procedure.code}
                    {p.procedure.name ? ` · ${p.procedure.name.vi}` : ''}
                  </Table.Td>
                  <Table.Td>
                    {p.applicant === 'erased' ? '' : `${p.applicant.fullName} · ${p.applicant.phone ?? ''}`}
                  </Table.Td>
                  <Table.Td>{t(`postal.postalState.${p.postalStatus ?? 'unknown'}`)}</Table.Td>
                  <Table.Td>
                    {done ? (
                      <Group gap="xs">
                        <Badge color="#1e6b34" variant="filled">
                          {t('postal.state.received')}
                        </Badge>
                        <Text size="sm" data-testid="pickup-code">
                          {done.dossierCode} · {done.lookupKey}
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
                      <Button size="xs" loading={busy === p.pickupRef} onClick={() => void receive(p)}>
                        {t('postal.receive')}
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
