import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge, Button, Group, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, openDocument, unwrap } from '../api/client';
import { toProblem, type ApiProblem } from '../api/problems';
import { ProblemAlert } from '../common/problem-alert';
import { formatDateTime } from '../i18n/format';

interface Filing {
  filingRef: string;
  filedAt: string;
  procedure: { code: string; name: { vi: string; en?: string } | null };
  applicant: { fullName: string; idNumber: string } | 'erased';
  documents: { code: string; files: { id: string; name: string }[] }[];
}

type Decided = (
  | { kind: 'accepted'; dossierCode: string; lookupKey: string; appointmentAt: string | null }
  | { kind: 'supplement' | 'refused'; links: Record<string, string> }
) & {
  /** The filing as listed when it was decided (it leaves the queue). */
  filing?: Filing;
};

/**
 * Hồ sơ nộp trực tuyến: the unit's filings waiting for the desk's check (issue 24), each accepted as at
 * the counter (a code, an appointment and form 01; the applicant keeps the lookup key given at filing),
 * answered with a supplement request (form 02) or refused (form 03).
 */
export function OnlinePage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const queries = useQueryClient();
  const [decided, setDecided] = useState<Record<string, Decided>>({});
  const [open, setOpen] = useState<{ ref: string; kind: 'supplement' | 'refuse' } | null>(null);
  const [item, setItem] = useState('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const queue = useQuery({
    queryKey: ['online-filings'],
    queryFn: async () =>
      (await unwrap(api.GET('/channels/online/filings', {}))) as unknown as { items: Filing[] },
    refetchInterval: 10_000,
  });

  const act = async (
    filingRef: string,
    send: () => Promise<{ response: Response; data?: unknown; error?: unknown }>,
    done: (data: unknown) => Decided,
  ) => {
    setBusy(filingRef);
    setProblem(null);
    try {
      const answer = await send();
      if (!answer.response.ok) {
        setProblem(toProblem(answer.response.status, answer.error));
        return;
      }
      const filing = queue.data?.items.find((f) => f.filingRef === filingRef);
      setDecided((all) => ({ ...all, [filingRef]: { ...done(answer.data), filing } }));
      setOpen(null);
      setItem('');
      setReason('');
      await queries.invalidateQueries({ queryKey: ['online-filings'] });
    } catch {
      setProblem(toProblem(0, { message: t('common.networkError') }));
    } finally {
      setBusy(null);
    }
  };
  const path = (filingRef: string) => ({ params: { path: { filingRef } } });
  const accept = (ref: string) =>
    act(
      ref,
      () => api.POST('/channels/online/filings/{filingRef}/accept', { ...path(ref), body: {} }),
      (data) => ({
        kind: 'accepted',
        ...(data as { dossierCode: string; lookupKey: string; appointmentAt: string | null }),
      }),
    );
  const askSupplement = (ref: string) =>
    act(
      ref,
      () =>
        api.POST('/channels/online/filings/{filingRef}/supplement-request', {
          ...path(ref),
          body: { items: [{ action: 'add', description: item.trim() }], reason: reason.trim() },
        }),
      (data) => ({ kind: 'supplement', links: (data as { links: Record<string, string> }).links }),
    );
  const refuse = (ref: string) =>
    act(
      ref,
      () =>
        api.POST('/channels/online/filings/{filingRef}/refusal', {
          ...path(ref),
          body: { reasons: [reason.trim()] },
        }),
      (data) => ({ kind: 'refused', links: (data as { links: Record<string, string> }).links }),
    );

  // What was decided in this session stays listed (with its outcome) after it left the queue.
  const waiting = queue.data?.items ?? [];
  const items: (Filing | { filingRef: string })[] = [
    ...waiting,
    ...Object.entries(decided)
      .filter(([ref]) => !waiting.some((f) => f.filingRef === ref))
      .map(([ref, d]) => d.filing ?? { filingRef: ref }),
  ];
  return (
    <Stack>
      <Title order={2}>{t('online.title')}</Title>
      <Text size="sm">{t('online.intro')}</Text>
      <ProblemAlert error={problem ?? queue.error} />
      {queue.data && items.length === 0 && <Text>{t('online.empty')}</Text>}
      {items.length > 0 && (
        <Table striped data-testid="online-rows">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('online.filingRef')}</Table.Th>
              <Table.Th>{t('online.filedAt')}</Table.Th>
              <Table.Th>{t('desk.procedure')}</Table.Th>
              <Table.Th>{t('applicant.fullName')}</Table.Th>
              <Table.Th>{t('online.documents')}</Table.Th>
              <Table.Th>{t('postal.result')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((row) => {
              const f = 'filedAt' in row ? row : null;
              const done = decided[row.filingRef];
              const asking = open?.ref === row.filingRef ? open.kind : null;
              return (
                <Table.Tr
                  key={row.filingRef}
                  data-filing-ref={row.filingRef}
                  data-state={done?.kind ?? 'waiting'}
                >
                  <Table.Td>{row.filingRef}</Table.Td>
                  <Table.Td>{f ? formatDateTime(f.filedAt, lang) : ''}</Table.Td>
                  <Table.Td>
                    {f ? `${f.procedure.code}${f.procedure.name ? ` · ${f.procedure.name.vi}` : ''}` : ''}
                  </Table.Td>
                  <Table.Td>{f && f.applicant !== 'erased' ? f.applicant.fullName : ''}</Table.Td>
                  <Table.Td>
                    {f?.documents.map((d) => (
                      <div key={d.code}>
                        {d.code}
                        {d.files.length > 0 ? ` (${t('online.files', { count: d.files.length })})` : ''}
                      </div>
                    ))}
                  </Table.Td>
                  <Table.Td>
                    {done ? (
                      <Outcome done={done} />
                    ) : asking ? (
                      <Stack gap="xs">
                        {asking === 'supplement' && (
                          <TextInput
                            label={t('online.item')}
                            value={item}
                            onChange={(e) => setItem(e.currentTarget.value)}
                          />
                        )}
                        <Textarea
                          label={t('online.reason')}
                          value={reason}
                          onChange={(e) => setReason(e.currentTarget.value)}
                          autosize
                          minRows={2}
                        />
                        <Group gap="xs">
                          <Button
                            size="xs"
                            loading={busy === row.filingRef}
                            disabled={!reason.trim() || (asking === 'supplement' && !item.trim())}
                            onClick={() =>
                              void (asking === 'supplement'
                                ? askSupplement(row.filingRef)
                                : refuse(row.filingRef))
                            }
                          >
                            {t('online.send')}
                          </Button>
                          <Button size="xs" variant="default" onClick={() => setOpen(null)}>
                            {t('online.cancel')}
                          </Button>
                        </Group>
                      </Stack>
                    ) : (
                      <Group gap="xs">
                        <Button
                          size="xs"
                          loading={busy === row.filingRef}
                          onClick={() => void accept(row.filingRef)}
                        >
                          {t('online.accept')}
                        </Button>
                        <Button
                          size="xs"
                          variant="default"
                          onClick={() => setOpen({ ref: row.filingRef, kind: 'supplement' })}
                        >
                          {t('online.askSupplement')}
                        </Button>
                        <Button
                          size="xs"
                          variant="default"
                          color="red"
                          onClick={() => setOpen({ ref: row.filingRef, kind: 'refuse' })}
                        >
                          {t('online.refuse')}
                        </Button>
                      </Group>
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

  function Outcome({ done }: { done: Decided }) {
    if (done.kind === 'accepted')
      return (
        <Group gap="xs">
          <Badge color="#1e6b34" variant="filled">
            {t('online.accepted')}
          </Badge>
          <Text size="sm" data-testid="online-code">
            {done.dossierCode} · {done.lookupKey}
            {done.appointmentAt
              ? ` · ${t('dossier.appointment')} ${formatDateTime(done.appointmentAt, lang)}`
              : ''}
          </Text>
          <Button
            size="xs"
            variant="default"
            onClick={() =>
              void openDocument(`/dossiers/${encodeURIComponent(done.dossierCode)}/forms/01.pdf`).catch(
                () => undefined,
              )
            }
          >
            {t('trace.form', { form: '01' })}
          </Button>
        </Group>
      );
    const form = done.kind === 'supplement' ? '02' : '03';
    return (
      <Group gap="xs">
        <Badge color="#8a4b00" variant="filled">
          {done.kind === 'supplement' ? t('online.supplementSent') : t('online.refused')}
        </Badge>
        {done.links.pdf && (
          <Button
            size="xs"
            variant="default"
            onClick={() => void openDocument(done.links.pdf!).catch(() => undefined)}
          >
            {t('trace.form', { form })}
          </Button>
        )}
      </Group>
    );
  }
}
