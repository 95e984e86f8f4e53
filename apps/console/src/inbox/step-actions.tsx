import { useState } from 'react';
import { DayTimeInput } from '../common/day-input';
import { useTranslation } from 'react-i18next';
import {
  Button,
  Drawer,
  FileInput,
  Group,
  Select,
  Stack,
  Tabs,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { uploadFile } from '../api/files';
import { api } from '../api/client';
import { toProblem, type ApiProblem } from '../api/problems';
import { ProblemAlert } from '../common/problem-alert';
import { localized, useProcedureVersion } from '../common/procedures';
import { formatDateTime } from '../i18n/format';
import type { InboxItem } from './inbox-types';

type Action = 'receive' | 'complete' | 'return' | 'supplement' | 'apology';

/**
 * What an agency does with a step it holds: receive it, complete it (result summary), return it to an
 * earlier step, ask the applicant for a supplement, and, when asked, write the apology and extension
 * request (form 04). Every answer of the API is shown as it is: 403, 409 changed meanwhile, 422.
 */
export function StepActions({ item, onClose }: { item: InboxItem | null; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const queries = useQueryClient();
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState<Action | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [summary, setSummary] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [reason, setReason] = useState('');
  const [toStepId, setToStepId] = useState<string | null>(null);
  const [description, setDescription] = useState('');
  const [newAppointment, setNewAppointment] = useState('');
  const lang = i18n.language;
  // The earlier steps this one may hand back to (its canReturnTo in the dossier's procedure version).
  const version = useProcedureVersion(item?.procedureCode ?? null, item?.procedureVersion ?? null);
  const steps = version.data?.steps ?? [];
  const returnable = (steps.find((s) => s.id === item?.stepId)?.canReturnTo ?? []).map((id) => ({
    value: id,
    label: `${localized(steps.find((s) => s.id === id)?.name, lang)} (${id})`,
  }));

  const reset = () => {
    setProblem(null);
    setFields({});
    setDone(null);
  };
  const run = async (action: Action) => {
    if (!item) return;
    reset();
    const local: Record<string, string> = {};
    if (action === 'complete' && !summary.trim()) local.resultSummary = t('validation.required');
    if (action !== 'receive' && action !== 'complete' && !reason.trim())
      local.reason = t('validation.required');
    if (action === 'return' && !toStepId) local.toStepId = t('validation.required');
    if (action === 'supplement' && !description.trim())
      local['items.0.description'] = t('validation.required');
    if (action === 'apology' && newAppointment && Number.isNaN(Date.parse(newAppointment)))
      local.newAppointmentAt = t('validation.date');
    if (Object.keys(local).length) return setFields(local);
    setBusy(action);
    const path = { code: item.dossierCode, stepId: item.stepId };
    const agencyCode = item.agencyCode;
    try {
      // The result's files first (each answered with its id), then the completion that attaches them.
      const attachments: { id: string }[] = [];
      if (action === 'complete') {
        for (const file of files) {
          const uploaded = await uploadFile(file);
          if ('problem' in uploaded) {
            setProblem(uploaded.problem);
            setFields({ attachments: `${file.name}: ${uploaded.problem.message}` });
            return;
          }
          attachments.push({ id: uploaded.id });
        }
      }
      const answer =
        action === 'receive'
          ? await api.POST('/dossiers/{code}/steps/{stepId}/receive', {
              params: { path },
              body: { agencyCode } as never,
            })
          : action === 'complete'
            ? await api.POST('/dossiers/{code}/steps/{stepId}/complete', {
                params: { path },
                body: {
                  agencyCode,
                  resultSummary: summary.trim(),
                  ...(attachments.length ? { attachments } : {}),
                } as never,
              })
            : action === 'return'
              ? await api.POST('/dossiers/{code}/steps/{stepId}/return', {
                  params: { path },
                  body: { agencyCode, toStepId, reason: reason.trim() } as never,
                })
              : action === 'supplement'
                ? await api.POST('/dossiers/{code}/steps/{stepId}/supplement-request', {
                    params: { path },
                    body: {
                      agencyCode,
                      reason: reason.trim(),
                      items: [{ documentCode: null, action: 'add', description: description.trim() }],
                    } as never,
                  })
                : await api.POST('/dossiers/{code}/apology', {
                    params: { path: { code: item.dossierCode } },
                    body: {
                      agencyCode,
                      reason: reason.trim(),
                      ...(newAppointment ? { newAppointmentAt: new Date(newAppointment).toISOString() } : {}),
                    } as never,
                  });
      if (!answer.response.ok) {
        const p = toProblem(answer.response.status, answer.error);
        setProblem(p);
        setFields(p.fields);
        return;
      }
      setDone(t(`inbox.done.${action}`));
      setSummary('');
      setFiles([]);
      setReason('');
      setDescription('');
      await queries.invalidateQueries({ queryKey: ['inbox'] });
    } catch {
      setProblem(toProblem(0, { message: t('common.networkError') }));
    } finally {
      setBusy(null);
    }
  };

  const reasonField = (
    <Textarea
      label={t('inbox.reason')}
      value={reason}
      onChange={(e) => setReason(e.currentTarget.value)}
      error={fields.reason}
      required
    />
  );

  return (
    <Drawer
      opened={!!item}
      onClose={() => {
        reset();
        onClose();
      }}
      position="right"
      size="lg"
      closeButtonProps={{ 'aria-label': t('common.close') }}
      title={item ? `${item.dossierCode} · ${item.stepId}` : ''}
    >
      {item && (
        <Stack>
          <Text size="sm">
            {t('inbox.deadline')}: <b>{formatDateTime(item.deadline, lang)}</b> · {t('inbox.handedOffAt')}:{' '}
            {formatDateTime(item.handedOffAt, lang)}
          </Text>
          <Button component={Link} to={`/dossiers/${encodeURIComponent(item.dossierCode)}`} variant="subtle">
            {t('inbox.openTrace')}
          </Button>
          <ProblemAlert error={problem} />
          {done && (
            <Text c="#1e6b34" role="status">
              {done}
            </Text>
          )}
          <Tabs defaultValue={item.acceptedAt ? 'complete' : 'receive'} keepMounted={false}>
            <Tabs.List>
              <Tabs.Tab value="receive">{t('inbox.receive')}</Tabs.Tab>
              <Tabs.Tab value="complete">{t('inbox.complete')}</Tabs.Tab>
              <Tabs.Tab value="return">{t('inbox.return')}</Tabs.Tab>
              <Tabs.Tab value="supplement">{t('inbox.supplement')}</Tabs.Tab>
              {item.apologyRequestedAt && <Tabs.Tab value="apology">{t('inbox.apology')}</Tabs.Tab>}
            </Tabs.List>
            <Tabs.Panel value="receive" pt="md">
              <Stack>
                <Text>{item.acceptedAt ? t('inbox.alreadyReceived') : t('inbox.receiveHint')}</Text>
                <Group>
                  <Button loading={busy === 'receive'} onClick={() => void run('receive')}>
                    {t('inbox.receive')}
                  </Button>
                </Group>
              </Stack>
            </Tabs.Panel>
            <Tabs.Panel value="complete" pt="md">
              <Stack>
                <Textarea
                  label={t('inbox.resultSummary')}
                  value={summary}
                  onChange={(e) => setSummary(e.currentTarget.value)}
                  error={fields.resultSummary}
                  required
                  autosize
                  minRows={3}
                />
                <FileInput
                  label={t('inbox.attachments')}
                  description={t('inbox.attachmentsHint')}
                  multiple
                  clearable
                  clearButtonProps={{ 'aria-label': t('common.clear') }}
                  value={files}
                  onChange={setFiles}
                  error={fields.attachments}
                  accept="application/pdf,image/jpeg,image/png,image/tiff,.docx,.xlsx,.odt,.ods"
                  data-testid="result-files"
                />
                <Group>
                  <Button loading={busy === 'complete'} onClick={() => void run('complete')}>
                    {t('inbox.complete')}
                  </Button>
                </Group>
              </Stack>
            </Tabs.Panel>
            <Tabs.Panel value="return" pt="md">
              <Stack>
                {returnable.length === 0 && <Text size="sm">{t('inbox.cannotReturn')}</Text>}
                <Select
                  label={t('inbox.toStepId')}
                  data={returnable}
                  value={toStepId}
                  onChange={setToStepId}
                  error={fields.toStepId}
                  disabled={returnable.length === 0}
                  required
                />
                {reasonField}
                <Group>
                  <Button color="orange" loading={busy === 'return'} onClick={() => void run('return')}>
                    {t('inbox.return')}
                  </Button>
                </Group>
              </Stack>
            </Tabs.Panel>
            <Tabs.Panel value="supplement" pt="md">
              <Stack>
                <TextInput
                  label={t('inbox.supplementItem')}
                  value={description}
                  onChange={(e) => setDescription(e.currentTarget.value)}
                  error={fields['items.0.description']}
                  required
                />
                {reasonField}
                <Group>
                  <Button
                    color="yellow"
                    loading={busy === 'supplement'}
                    onClick={() => void run('supplement')}
                  >
                    {t('inbox.supplement')}
                  </Button>
                </Group>
              </Stack>
            </Tabs.Panel>
            <Tabs.Panel value="apology" pt="md">
              <Stack>
                <Text size="sm">
                  {t('inbox.apologyHint', { by: formatDateTime(item.apologyRespondBy, lang) })}
                </Text>
                {reasonField}
                <DayTimeInput
                  label={t('inbox.newAppointment')}
                  value={newAppointment}
                  onChange={setNewAppointment}
                  error={fields.newAppointmentAt}
                />
                <Group>
                  <Button loading={busy === 'apology'} onClick={() => void run('apology')}>
                    {t('inbox.sendApology')}
                  </Button>
                </Group>
              </Stack>
            </Tabs.Panel>
          </Tabs>
        </Stack>
      )}
    </Drawer>
  );
}
