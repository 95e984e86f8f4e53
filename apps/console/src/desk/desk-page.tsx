import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  Alert,
  Button,
  Checkbox,
  FileInput,
  Grid,
  Group,
  NumberInput,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api, openDocument, unwrap } from '../api/client';
import { uploadFile } from '../api/files';
import type { components } from '../api/schema';
import { ApiProblem, toProblem } from '../api/problems';
import { useSession } from '../auth/use-session';
import { useDraft } from '../common/use-draft';
import { ProblemAlert } from '../common/problem-alert';
import { localized, useAgencies, useProcedures, useProcedureVersion } from '../common/procedures';
import { formatDateTime } from '../i18n/format';
import { validateIntake, type IntakeDraft } from './intake-draft';

/** The intake channels, checked against the API's own list (the generated types). */
type Channel = components['schemas']['ReceiveDossierRequestDto']['channel'];
const CHANNELS = [
  'counter',
  'online',
  'post',
  'national-portal',
  'other',
] as const satisfies readonly Channel[];

const EMPTY: IntakeDraft = {
  procedureCode: null,
  channel: 'counter',
  applicant: { fullName: '', idNumber: '', address: '', phone: '', email: '', dateOfBirth: '' },
  applicantCommuneCode: null,
  documents: {},
  stepOwners: {},
  reason: '',
};

interface Receipt {
  dossierCode: string;
  appointmentAt: string;
  lookupKey: string;
  links: { receiptPdf: string; receiptHtml: string };
}
interface IntakeOutcome {
  intakeRef: string;
  form: '02' | '03';
}

/** Tiếp nhận hồ sơ: the reception desk's page (issue 20). */
export function DeskPage() {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const unit = session?.claims.agency ?? '';
  const [draft, setDraft, clearDraft] = useDraft<IntakeDraft>(`desk.${unit}`, EMPTY);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  /** Scans of the documents handed in, per document (files stay in memory: the draft is not saved with them). */
  const [scans, setScans] = useState<Record<string, File[]>>({});
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [receipt, setReceipt] = useState<Receipt | null>(null);
  const [outcome, setOutcome] = useState<IntakeOutcome | null>(null);
  const procedures = useProcedures();
  const agencies = useAgencies();
  const current = procedures.data?.find((p) => p.code === draft.procedureCode);
  const version = useProcedureVersion(draft.procedureCode, current?.currentVersion ?? null);
  const lang = i18n.language;

  const procedureOptions = useMemo(
    () =>
      (procedures.data ?? [])
        .filter((p) => p.currentVersion)
        .map((p) => ({ value: p.code, label: `${p.code} · ${localized(p.name, lang)}` })),
    [procedures.data, lang],
  );
  const communes = useMemo(
    () =>
      (agencies.data ?? [])
        .filter((a) => a.roles.includes('commune-people-committee'))
        .map((a) => ({ value: a.code, label: `${localized(a.name, lang)} (${a.code})` })),
    [agencies.data, lang],
  );
  const roleSteps = (version.data?.steps ?? []).filter((s) => s.owner.role);
  // The appointment the dossier would get if accepted now (the API's own arithmetic; nothing written).
  const preview = useQuery({
    queryKey: ['appointment', draft.procedureCode, draft.channel],
    enabled: !!draft.procedureCode && !!current?.currentVersion,
    retry: false,
    refetchInterval: 60_000,
    queryFn: async () =>
      (await unwrap(
        api.GET('/intakes/appointment', {
          params: { query: { procedureCode: draft.procedureCode!, channel: draft.channel as Channel } },
        }),
      )) as unknown as { appointmentAt: string },
  });

  const set = <K extends keyof IntakeDraft>(key: K, value: IntakeDraft[K]) =>
    setDraft((d) => ({ ...d, [key]: value }));
  const setApplicant = (key: keyof IntakeDraft['applicant'], value: string) =>
    setDraft((d) => ({ ...d, applicant: { ...d.applicant, [key]: value } }));

  const common = () => ({
    procedureCode: draft.procedureCode ?? '',
    channel: draft.channel,
    receivingUnitCode: unit,
    applicant: Object.fromEntries(
      Object.entries(draft.applicant).filter(([, v]) => v.trim() !== ''),
    ) as IntakeDraft['applicant'],
  });

  const send = async (kind: 'accept' | 'supplement' | 'refuse', event?: FormEvent) => {
    event?.preventDefault();
    const errors = validateIntake(draft, version.data?.requiredDocuments ?? [], kind, t);
    setFieldErrors(errors);
    setProblem(null);
    if (Object.keys(errors).length > 0) return;
    setBusy(kind);
    try {
      // The scans of the documents handed in first (each answered with its id), then the receipt.
      const uploaded: Record<string, { id: string }[]> = {};
      if (kind === 'accept')
        for (const [code, files] of Object.entries(scans)) {
          if (!draft.documents[code]?.given) continue;
          for (const file of files) {
            const answer = await uploadFile(file);
            if ('problem' in answer) {
              setProblem(answer.problem);
              setFieldErrors({ [`scans.${code}`]: `${file.name}: ${answer.problem.message}` });
              return;
            }
            (uploaded[code] ??= []).push({ id: answer.id });
          }
        }
      const answer =
        kind === 'accept'
          ? await api.POST('/dossiers', {
              body: {
                ...common(),
                applicantCommuneCode: draft.applicantCommuneCode ?? unit,
                stepOwners: Object.fromEntries(Object.entries(draft.stepOwners).filter(([, v]) => !!v)),
                documents: Object.entries(draft.documents)
                  .filter(([, d]) => d.given)
                  .map(([code, d]) => ({
                    code,
                    copies: d.copies,
                    original: d.original,
                    ...(uploaded[code] ? { files: uploaded[code] } : {}),
                  })),
              } as never,
            })
          : kind === 'supplement'
            ? await api.POST('/intakes/supplement-requests', {
                body: {
                  ...common(),
                  reason: draft.reason,
                  items: (version.data?.requiredDocuments ?? [])
                    .filter((d) => !draft.documents[d.code]?.given)
                    .map((d) => ({
                      documentCode: d.code,
                      action: 'add',
                      description: `${t('desk.bring')} ${localized(d.name, 'vi')}`,
                    })),
                } as never,
              })
            : await api.POST('/intakes/refusals', {
                body: { ...common(), reasons: [draft.reason] } as never,
              });
      if (!answer.response.ok) {
        const p = toProblem(answer.response.status, answer.error);
        setFieldErrors(p.fields);
        setProblem(p);
        return;
      }
      clearDraft();
      setScans({});
      setFieldErrors({});
      if (kind === 'accept') setReceipt(answer.data as unknown as Receipt);
      else setOutcome(answer.data as unknown as IntakeOutcome);
    } catch {
      setProblem(toProblem(0, { message: t('common.networkError') }));
    } finally {
      setBusy(null);
    }
  };

  if (receipt)
    return (
      <Stack maw={720}>
        <Title order={2}>{t('desk.accepted')}</Title>
        <Paper withBorder p="md" data-testid="receipt">
          <Table>
            <Table.Tbody>
              <Table.Tr>
                <Table.Th>{t('dossier.code')}</Table.Th>
                <Table.Td data-testid="dossier-code">{receipt.dossierCode}</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th>{t('dossier.lookupKey')}</Table.Th>
                <Table.Td data-testid="lookup-key">{receipt.lookupKey}</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th>{t('dossier.appointment')}</Table.Th>
                <Table.Td>{formatDateTime(receipt.appointmentAt, lang)}</Table.Td>
              </Table.Tr>
            </Table.Tbody>
          </Table>
        </Paper>
        <Group>
          <Button onClick={() => void openDocument(receipt.links.receiptPdf)}>{t('desk.printForm01')}</Button>
          <Button variant="default" onClick={() => setReceipt(null)}>
            {t('desk.next')}
          </Button>
        </Group>
      </Stack>
    );

  if (outcome)
    return (
      <Stack maw={720}>
        <Title order={2}>{outcome.form === '02' ? t('desk.supplementAsked') : t('desk.refused')}</Title>
        <Group>
          <Button
            onClick={() => void openDocument(`/intakes/${outcome.intakeRef}/forms/${outcome.form}.pdf`)}
          >
            {t('desk.printForm', { form: outcome.form })}
          </Button>
          <Button variant="default" onClick={() => setOutcome(null)}>
            {t('desk.next')}
          </Button>
        </Group>
      </Stack>
    );

  return (
    <form onSubmit={(e) => void send('accept', e)} noValidate aria-labelledby="desk-title">
      <Stack>
        <Title order={2} id="desk-title">
          {t('desk.title')}
        </Title>
        <ProblemAlert error={problem} />
        <Grid>
          <Grid.Col span={{ base: 12, md: 7 }}>
            <Stack>
              <Select
                label={t('desk.procedure')}
                placeholder={t('desk.procedureSearch')}
                searchable
                data={procedureOptions}
                value={draft.procedureCode}
                onChange={(v) => setDraft((d) => ({ ...d, procedureCode: v, documents: {}, stepOwners: {} }))}
                error={fieldErrors.procedureCode}
                nothingFoundMessage={t('common.nothingFound')}
                required
              />
              <Select
                label={t('desk.channel')}
                data={CHANNELS.map((c) => ({
                  value: c,
                  label: t(`channel.${c}`),
                }))}
                value={draft.channel}
                onChange={(v) => set('channel', v ?? 'counter')}
                error={fieldErrors.channel}
                allowDeselect={false}
              />
              <Title order={3} size="h4">
                {t('desk.applicant')}
              </Title>
              <TextInput
                label={t('applicant.fullName')}
                value={draft.applicant.fullName}
                onChange={(e) => setApplicant('fullName', e.currentTarget.value)}
                error={fieldErrors['applicant.fullName']}
                required
              />
              <Group grow align="flex-start">
                <TextInput
                  label={t('applicant.idNumber')}
                  value={draft.applicant.idNumber}
                  onChange={(e) => setApplicant('idNumber', e.currentTarget.value)}
                  error={fieldErrors['applicant.idNumber']}
                  required
                />
                <TextInput
                  label={t('applicant.dateOfBirth')}
                  placeholder="YYYY-MM-DD"
                  value={draft.applicant.dateOfBirth}
                  onChange={(e) => setApplicant('dateOfBirth', e.currentTarget.value)}
                  error={fieldErrors['applicant.dateOfBirth']}
                />
              </Group>
              <TextInput
                label={t('applicant.address')}
                value={draft.applicant.address}
                onChange={(e) => setApplicant('address', e.currentTarget.value)}
                error={fieldErrors['applicant.address']}
                required
              />
              <Group grow align="flex-start">
                <TextInput
                  label={t('applicant.phone')}
                  type="tel"
                  value={draft.applicant.phone}
                  onChange={(e) => setApplicant('phone', e.currentTarget.value)}
                  error={fieldErrors['applicant.phone']}
                />
                <TextInput
                  label={t('applicant.email')}
                  type="email"
                  value={draft.applicant.email}
                  onChange={(e) => setApplicant('email', e.currentTarget.value)}
                  error={fieldErrors['applicant.email']}
                />
              </Group>
              <Select
                label={t('desk.applicantCommune')}
                description={t('desk.applicantCommuneHint')}
                searchable
                clearable
                data={communes}
                value={draft.applicantCommuneCode}
                onChange={(v) => set('applicantCommuneCode', v)}
                error={fieldErrors.applicantCommuneCode}
              />
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 5 }}>
            <Stack>
              <Title order={3} size="h4">
                {t('desk.documents')}
              </Title>
              {!version.data && <Text c="dimmed">{t('desk.chooseProcedureFirst')}</Text>}
              {version.data?.requiredDocuments.length === 0 && <Text>{t('desk.noDocuments')}</Text>}
              {version.data?.requiredDocuments.map((doc) => {
                const given = draft.documents[doc.code];
                return (
                  <Stack key={doc.code} gap={4}>
                    <Group wrap="nowrap" align="flex-start">
                      <Checkbox
                        label={localized(doc.name, lang)}
                        checked={!!given?.given}
                        onChange={(e) => {
                          const checked = e.currentTarget.checked;
                          setDraft((d) => ({
                            ...d,
                            documents: {
                              ...d.documents,
                              [doc.code]: {
                                given: checked,
                                copies: d.documents[doc.code]?.copies ?? doc.copies,
                                original: doc.original ?? false,
                              },
                            },
                          }));
                        }}
                        error={fieldErrors[`documents.${doc.code}`]}
                        style={{ flex: 1 }}
                      />
                      <NumberInput
                        aria-label={`${t('desk.copies')}: ${localized(doc.name, lang)}`}
                        min={1}
                        max={100}
                        w={80}
                        value={given?.copies ?? doc.copies}
                        onChange={(v) =>
                          setDraft((d) => ({
                            ...d,
                            documents: {
                              ...d.documents,
                              [doc.code]: {
                                given: d.documents[doc.code]?.given ?? false,
                                copies: typeof v === 'number' ? v : doc.copies,
                                original: doc.original ?? false,
                              },
                            },
                          }))
                        }
                      />
                    </Group>
                    {given?.given && (
                      <FileInput
                        label={`${t('desk.scans')}: ${localized(doc.name, lang)}`}
                        description={t('desk.scansHint')}
                        multiple
                        clearable
                        clearButtonProps={{ 'aria-label': t('common.clear') }}
                        value={scans[doc.code] ?? []}
                        onChange={(files) => setScans((current) => ({ ...current, [doc.code]: files }))}
                        error={fieldErrors[`scans.${doc.code}`]}
                        size="xs"
                      />
                    )}
                  </Stack>
                );
              })}
              {roleSteps.length > 0 && (
                <>
                  <Title order={3} size="h4">
                    {t('desk.stepOwners')}
                  </Title>
                  {roleSteps.map((step) => (
                    <Select
                      key={step.id}
                      label={localized(step.name, lang)}
                      description={t('desk.stepOwnerHint')}
                      clearable
                      searchable
                      data={(agencies.data ?? [])
                        .filter((a) => a.roles.includes(step.owner.role ?? ''))
                        .map((a) => ({ value: a.code, label: `${localized(a.name, lang)} (${a.code})` }))}
                      value={draft.stepOwners[step.id] ?? null}
                      onChange={(v) => set('stepOwners', { ...draft.stepOwners, [step.id]: v ?? '' })}
                      error={fieldErrors[`stepOwners.${step.id}`]}
                    />
                  ))}
                </>
              )}
              <Textarea
                label={t('desk.reason')}
                description={t('desk.reasonHint')}
                value={draft.reason}
                onChange={(e) => set('reason', e.currentTarget.value)}
                error={fieldErrors.reason}
                autosize
                minRows={2}
              />
            </Stack>
          </Grid.Col>
        </Grid>
        {version.data && (
          <Alert color="blue" role="note" title={t('desk.appointmentTitle')}>
            <Text size="sm">
              {t('desk.appointmentHint', {
                amount: version.data.statutoryLimit.amount ?? 0,
                unit: t(`unit.${version.data.statutoryLimit.unit}`),
              })}
            </Text>
            {preview.data && (
              <Text size="sm" fw={700} data-testid="appointment-preview">
                {t('desk.appointmentNow', { at: formatDateTime(preview.data.appointmentAt, lang) })}
              </Text>
            )}
            {preview.error instanceof ApiProblem && (
              <Text size="sm" fw={700} c="#b02525" data-testid="appointment-preview-problem">
                {preview.error.text(lang)}
              </Text>
            )}
          </Alert>
        )}
        <Group>
          <Button type="submit" loading={busy === 'accept'} disabled={!!busy && busy !== 'accept'}>
            {t('desk.accept')}
          </Button>
          <Button variant="default" loading={busy === 'supplement'} onClick={() => void send('supplement')}>
            {t('desk.askSupplement')}
          </Button>
          <Button variant="default" loading={busy === 'refuse'} onClick={() => void send('refuse')}>
            {t('desk.refuse')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
