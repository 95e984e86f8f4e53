import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  Alert,
  Button,
  Grid,
  Group,
  List,
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
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';
import { problemText, toProblem, type ApiProblem } from '../api/problems';
import { ProblemAlert } from '../common/problem-alert';
import { localized, useProcedures } from '../common/procedures';
import { formatDateTime } from '../i18n/format';
import { NEW_DRAFT, parseDraft, problemsByField, type Draft, type DraftStep } from './draft-model';
import { DraftDiagram } from './draft-diagram';
import { SimulationPanel } from './simulation-panel';

interface Problem {
  path: string;
  code?: string;
  message: string;
  messageVi?: string;
}
interface ProcedureRecord {
  code: string;
  draft: Draft;
  versions: { version: number; publishedAt: string; deprecated: boolean }[];
}
interface DiffRow {
  path: string;
  change: string;
  before?: unknown;
  after?: unknown;
}

const UNITS = ['workingDays', 'workingHours', 'workingSeconds', 'weeks', 'immediate', 'sameDay'];
const show = (v: unknown) => (v === undefined ? '—' : JSON.stringify(v));

/**
 * Thiết kế quy trình: a form and the JSON side by side, both editing one draft; the draft is saved
 * and checked by the API as it is edited (each problem at its field and on the diagram); published
 * versions with their diff, publish and deprecate.
 */
export function DesignerPage() {
  const { t, i18n } = useTranslation();
  const queries = useQueryClient();
  const procedures = useProcedures();
  const [code, setCode] = useState<string | null>(null);
  const [isNew, setIsNew] = useState(false);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [text, setText] = useState('');
  const [syntax, setSyntax] = useState<string | null>(null);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [checked, setChecked] = useState<'idle' | 'checking' | 'valid' | 'invalid'>('idle');
  const [failure, setFailure] = useState<ApiProblem | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [diff, setDiff] = useState<{ from: string | null; to: string | null }>({ from: null, to: null });
  const [deprecation, setDeprecation] = useState<{ version: number; reason: string } | null>(null);
  const dirty = useRef(false);
  const lang = i18n.language;

  const record = useQuery({
    queryKey: ['procedure-record', code],
    enabled: !!code && !isNew,
    queryFn: async () =>
      (await unwrap(
        api.GET('/procedures/{code}', { params: { path: { code: code! } } }),
      )) as unknown as ProcedureRecord,
  });
  useEffect(() => {
    if (record.data && !dirty.current) load(record.data.draft);
  }, [record.data]);
  const diffQuery = useQuery({
    queryKey: ['diff', code, diff.from, diff.to],
    enabled: !!code && !!diff.from && !!diff.to && diff.from !== diff.to,
    queryFn: async () =>
      (await unwrap(
        api.GET('/procedures/{code}/diff', {
          params: { path: { code: code! }, query: { from: Number(diff.from), to: Number(diff.to) } as never },
        }),
      )) as unknown as DiffRow[],
  });

  function load(next: Draft) {
    setDraft(next);
    setText(JSON.stringify(next, null, 2));
    setSyntax(null);
    dirty.current = false;
  }
  const edit = (next: Draft) => {
    dirty.current = true;
    if (!isNew) setChecked('checking');
    setDraft(next);
    setText(JSON.stringify(next, null, 2));
    setSyntax(null);
  };
  const editText = (value: string) => {
    setText(value);
    const parsed = parseDraft(value);
    if ('error' in parsed) return setSyntax(parsed.error);
    dirty.current = true;
    if (!isNew) setChecked('checking');
    setSyntax(null);
    setDraft(parsed.draft);
  };

  // Save and check the draft a moment after each change (an existing procedure: drafts are drafts).
  useEffect(() => {
    if (!draft || !code || isNew || !dirty.current) return;
    const timer = setTimeout(() => void saveAndCheck(draft, code), 900);
    return () => clearTimeout(timer);
  }, [draft, code, isNew]);

  async function saveAndCheck(current: Draft, target: string) {
    setChecked('checking');
    setFailure(null);
    const saved = await api.PUT('/procedures/{code}/draft', {
      params: { path: { code: target } },
      body: current as never,
    });
    if (!saved.response.ok) {
      const p = toProblem(saved.response.status, saved.error);
      setProblems(Object.entries(p.fields).map(([path, message]) => ({ path, message })));
      setChecked('invalid');
      if (saved.response.status !== 400) setFailure(p);
      return;
    }
    const check = await api.POST('/procedures/{code}/draft/validate', { params: { path: { code: target } } });
    if (!check.response.ok) return setFailure(toProblem(check.response.status, check.error));
    const result = check.data as unknown as { valid: boolean; problems: Problem[] };
    setProblems(result.problems.map((p) => ({ ...p, message: problemText(p) })));
    setChecked(result.valid ? 'valid' : 'invalid');
  }

  const create = async () => {
    if (!draft) return;
    setFailure(null);
    const answer = await api.POST('/procedures', { body: draft as never });
    if (!answer.response.ok) {
      const p = toProblem(answer.response.status, answer.error);
      setProblems(Object.entries(p.fields).map(([path, message]) => ({ path, message })));
      setChecked('invalid');
      return setFailure(p);
    }
    setIsNew(false);
    setCode(draft.code);
    dirty.current = false;
    setNotice(t('designer.created'));
    await queries.invalidateQueries({ queryKey: ['procedures'] });
    await saveAndCheck(draft, draft.code);
  };
  const publish = async () => {
    if (!code) return;
    setFailure(null);
    const answer = await api.POST('/procedures/{code}/versions', { params: { path: { code } } });
    if (!answer.response.ok) {
      const p = toProblem(answer.response.status, answer.error);
      if (Object.keys(p.fields).length)
        setProblems(Object.entries(p.fields).map(([path, message]) => ({ path, message })));
      return setFailure(p);
    }
    setNotice(t('designer.published', { version: (answer.data as unknown as { version: number }).version }));
    await queries.invalidateQueries({ queryKey: ['procedure-record', code] });
    await queries.invalidateQueries({ queryKey: ['procedures'] });
  };
  const deprecate = async () => {
    if (!code || !deprecation) return;
    const answer = await api.POST('/procedures/{code}/versions/{version}/deprecate', {
      params: { path: { code, version: deprecation.version } },
      body: { reason: deprecation.reason } as never,
    });
    if (!answer.response.ok) return setFailure(toProblem(answer.response.status, answer.error));
    setDeprecation(null);
    setNotice(t('designer.deprecated'));
    await queries.invalidateQueries({ queryKey: ['procedure-record', code] });
  };

  const byField = useMemo(() => problemsByField(problems), [problems]);
  const err = (key: string) => byField[key]?.join('; ');
  const setStep = (index: number, step: DraftStep) =>
    draft && edit({ ...draft, steps: draft.steps.map((s, i) => (i === index ? step : s)) });
  const versions = record.data?.versions ?? [];

  return (
    <Stack>
      <Title order={2}>{t('designer.title')}</Title>
      <Group align="flex-end">
        <Select
          label={t('designer.procedure')}
          searchable
          w={420}
          data={(procedures.data ?? []).map((p) => ({
            value: p.code,
            label: `${p.code} · ${localized(p.name, lang)}`,
          }))}
          value={isNew ? null : code}
          onChange={(v) => {
            setIsNew(false);
            dirty.current = false;
            setProblems([]);
            setChecked('idle');
            setNotice(null);
            setCode(v);
          }}
        />
        <Button
          variant="default"
          onClick={() => {
            setIsNew(true);
            setCode(null);
            setProblems([]);
            setChecked('idle');
            setNotice(null);
            load(NEW_DRAFT);
          }}
        >
          {t('designer.new')}
        </Button>
      </Group>
      <ProblemAlert error={failure} />
      {notice && (
        <Text c="#1e6b34" role="status">
          {notice}
        </Text>
      )}
      {draft && (
        <>
          <Group>
            <Text size="sm" role="status" data-testid="draft-status" data-state={checked}>
              {t(`designer.state.${checked}`)}
            </Text>
            {isNew ? (
              <Button onClick={() => void create()}>{t('designer.create')}</Button>
            ) : (
              <Button onClick={() => void publish()} disabled={checked !== 'valid'}>
                {t('designer.publish')}
              </Button>
            )}
          </Group>
          {problems.length > 0 && (
            <Alert
              color="#b02525"
              title={t('designer.problems', { n: problems.length })}
              data-testid="draft-problems"
            >
              <List size="sm">
                {problems.map((p, i) => (
                  <List.Item key={`${p.path}-${i}`}>
                    <code>{p.path}</code>: {p.message}
                  </List.Item>
                ))}
              </List>
            </Alert>
          )}
          <Grid>
            <Grid.Col span={{ base: 12, lg: 6 }}>
              <Stack>
                <TextInput
                  label={t('designer.code')}
                  value={draft.code}
                  readOnly={!isNew}
                  onChange={(e) => edit({ ...draft, code: e.currentTarget.value })}
                  error={err('code')}
                />
                <TextInput
                  label={t('designer.nameVi')}
                  value={draft.name?.vi ?? ''}
                  onChange={(e) => edit({ ...draft, name: { ...draft.name, vi: e.currentTarget.value } })}
                  error={err('name.vi') ?? err('name')}
                />
                <TextInput
                  label={t('designer.nameEn')}
                  value={draft.name?.en ?? ''}
                  onChange={(e) => edit({ ...draft, name: { ...draft.name, en: e.currentTarget.value } })}
                  error={err('name.en')}
                />
                <TextInput
                  label={t('designer.field')}
                  value={draft.field ?? ''}
                  onChange={(e) => edit({ ...draft, field: e.currentTarget.value })}
                  error={err('field')}
                />
                <Group grow align="flex-start">
                  <NumberInput
                    label={t('designer.limit')}
                    value={draft.statutoryLimit?.amount ?? ''}
                    min={0}
                    decimalScale={2}
                    onChange={(v) =>
                      edit({
                        ...draft,
                        statutoryLimit: {
                          ...draft.statutoryLimit,
                          amount: typeof v === 'number' ? v : undefined,
                        },
                      })
                    }
                    error={err('statutoryLimit.amount') ?? err('statutoryLimit')}
                  />
                  <Select
                    label={t('designer.unit')}
                    data={UNITS.map((u) => ({ value: u, label: t(`unit.${u}`) }))}
                    value={draft.statutoryLimit?.unit ?? null}
                    allowDeselect={false}
                    onChange={(v) =>
                      edit({
                        ...draft,
                        statutoryLimit: { ...draft.statutoryLimit, unit: v ?? 'workingDays' },
                      })
                    }
                    error={err('statutoryLimit.unit')}
                  />
                </Group>
                <Title order={3} size="h4">
                  {t('designer.steps')}
                </Title>
                {(Array.isArray(draft.steps) ? draft.steps : []).map((step, i) => (
                  <Paper
                    key={i}
                    withBorder
                    p="xs"
                    data-testid="step-card"
                    data-step={step.id}
                    style={err(`steps.${i}`) ? { borderColor: '#b02525', borderWidth: 2 } : undefined}
                  >
                    <Stack gap={6}>
                      {err(`steps.${i}`) && (
                        <Text size="sm" c="#b02525" data-testid="step-problem">
                          {err(`steps.${i}`)}
                        </Text>
                      )}
                      <Group grow align="flex-start">
                        <TextInput
                          label={t('designer.stepId')}
                          value={step.id}
                          onChange={(e) => setStep(i, { ...step, id: e.currentTarget.value })}
                          error={err(`steps.${i}.id`)}
                        />
                        <TextInput
                          label={t('designer.stepName')}
                          value={step.name?.vi ?? ''}
                          onChange={(e) =>
                            setStep(i, { ...step, name: { ...step.name, vi: e.currentTarget.value } })
                          }
                          error={err(`steps.${i}.name.vi`) ?? err(`steps.${i}.name`)}
                        />
                      </Group>
                      <Group grow align="flex-start">
                        <TextInput
                          label={t('designer.ownerAgency')}
                          value={step.owner?.agencyCode ?? ''}
                          placeholder={[step.owner?.role, step.owner?.of].filter(Boolean).join(' · ')}
                          onChange={(e) =>
                            setStep(i, {
                              ...step,
                              owner: e.currentTarget.value
                                ? { agencyCode: e.currentTarget.value }
                                : { ...step.owner, agencyCode: undefined },
                            })
                          }
                          error={err(`steps.${i}.owner.agencyCode`) ?? err(`steps.${i}.owner`)}
                        />
                        <NumberInput
                          label={t('designer.budget', {
                            unit: t(`unit.${step.budget?.unit ?? 'workingDays'}`),
                          })}
                          value={step.budget?.amount ?? ''}
                          min={0}
                          decimalScale={2}
                          onChange={(v) =>
                            setStep(i, {
                              ...step,
                              budget: { ...step.budget, amount: typeof v === 'number' ? v : undefined },
                            })
                          }
                          error={err(`steps.${i}.budget.amount`) ?? err(`steps.${i}.budget`)}
                        />
                        <TextInput
                          label={t('designer.after')}
                          value={(Array.isArray(step.after) ? step.after : []).join(', ')}
                          onChange={(e) =>
                            setStep(i, {
                              ...step,
                              after: e.currentTarget.value
                                .split(',')
                                .map((s) => s.trim())
                                .filter(Boolean),
                            })
                          }
                          error={err(`steps.${i}.after`)}
                        />
                      </Group>
                    </Stack>
                  </Paper>
                ))}
              </Stack>
            </Grid.Col>
            <Grid.Col span={{ base: 12, lg: 6 }}>
              <Stack>
                <DraftDiagram steps={draft.steps} problems={byField} />
                <Textarea
                  label={t('designer.json')}
                  value={text}
                  onChange={(e) => editText(e.currentTarget.value)}
                  error={syntax}
                  autosize
                  minRows={16}
                  maxRows={40}
                  spellCheck={false}
                  styles={{ input: { fontFamily: 'ui-monospace, monospace', fontSize: 12 } }}
                  data-testid="draft-json"
                />
              </Stack>
            </Grid.Col>
          </Grid>
        </>
      )}
      {!isNew && versions.length > 0 && (
        <Paper withBorder p="sm">
          <Title order={3} size="h4" mb="xs">
            {t('designer.versions')}
          </Title>
          <Table data-testid="versions">
            <Table.Tbody>
              {versions.map((v) => (
                <Table.Tr key={v.version} data-version={v.version}>
                  <Table.Td>
                    {t('designer.version')} {v.version}
                  </Table.Td>
                  <Table.Td>{formatDateTime(v.publishedAt, lang)}</Table.Td>
                  <Table.Td>{v.deprecated ? t('designer.isDeprecated') : ''}</Table.Td>
                  <Table.Td>
                    {!v.deprecated && (
                      <Button
                        size="xs"
                        variant="default"
                        onClick={() => setDeprecation({ version: v.version, reason: '' })}
                      >
                        {t('designer.deprecate')}
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {deprecation && (
            <Group align="flex-end" mt="xs">
              <TextInput
                label={t('designer.deprecateReason', { version: deprecation.version })}
                value={deprecation.reason}
                onChange={(e) => setDeprecation({ ...deprecation, reason: e.currentTarget.value })}
                w={420}
              />
              <Button color="#b02525" onClick={() => void deprecate()} disabled={!deprecation.reason.trim()}>
                {t('designer.deprecate')}
              </Button>
            </Group>
          )}
          {versions.length > 1 && (
            <Stack mt="md">
              <Group>
                <Select
                  label={t('designer.diffFrom')}
                  data={versions.map((v) => String(v.version))}
                  value={diff.from}
                  onChange={(v) => setDiff({ ...diff, from: v })}
                  w={140}
                />
                <Select
                  label={t('designer.diffTo')}
                  data={versions.map((v) => String(v.version))}
                  value={diff.to}
                  onChange={(v) => setDiff({ ...diff, to: v })}
                  w={140}
                />
              </Group>
              {diffQuery.data && (
                <Table data-testid="diff">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('designer.path')}</Table.Th>
                      <Table.Th>{t('designer.change')}</Table.Th>
                      <Table.Th>{t('designer.before')}</Table.Th>
                      <Table.Th>{t('designer.afterValue')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {diffQuery.data.map((d) => (
                      <Table.Tr key={d.path} data-path={d.path}>
                        <Table.Td>
                          <code>{d.path}</code>
                        </Table.Td>
                        <Table.Td>{t(`designer.changes.${d.change}`, { defaultValue: d.change })}</Table.Td>
                        <Table.Td>{show(d.before)}</Table.Td>
                        <Table.Td>{show(d.after)}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              )}
            </Stack>
          )}
        </Paper>
      )}
      {!isNew && code && (
        <SimulationPanel
          code={code}
          hasDraft={!!record.data?.draft}
          hasPublished={versions.some((v) => !v.deprecated)}
        />
      )}
    </Stack>
  );
}
