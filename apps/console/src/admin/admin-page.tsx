import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  Alert,
  Badge,
  Button,
  Code,
  FileInput,
  Group,
  MultiSelect,
  Paper,
  PasswordInput,
  Select,
  Stack,
  Table,
  Tabs,
  Text,
  TextInput,
  Textarea,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';
import { toProblem, type ApiProblem } from '../api/problems';
import { ProblemAlert } from '../common/problem-alert';
import { localized, useAgencies } from '../common/procedures';
import { formatDate, formatDateTime } from '../i18n/format';

const ROLES = [
  'reception-officer',
  'agency-officer',
  'agency-head',
  'procedure-designer',
  'auditor',
  'administrator',
  'provincial-leader',
];

interface StaffUser {
  personId: string;
  displayName: string;
  agencyCode: string | null;
  roles: string[];
  createdAt: string;
  disabledAt: string | null;
}
interface ApiClient {
  clientId: string;
  agencyCode: string;
  description: string | null;
  createdAt: string;
  rotatedAt: string | null;
  revokedAt: string | null;
}
interface Delivery {
  deliveryId: string;
  type: string;
  dossierCode: string | null;
  status: string;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: string;
}
interface Decision {
  year: number;
  source: { document: string; issuer: string; issuedOn: string };
  daysOff: { date: string; reason: string }[];
  workingDays: { date: string; reason: string }[];
}

/** The result of a POST or PUT: its problem shown at the fields, nothing else changed. */
function useAction() {
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const run = async (call: Promise<{ response: Response; error?: unknown; data?: unknown }>) => {
    setProblem(null);
    setFields({});
    const answer = await call;
    if (!answer.response.ok) {
      const p = toProblem(answer.response.status, answer.error);
      setProblem(p);
      setFields(p.fields);
      return null;
    }
    return answer.data ?? {};
  };
  return { problem, fields, run };
}

/** The API's problems with a JSON body, each at its path (a JSON document has no field to show it at). */
function FieldProblems({ fields }: { fields: Readonly<Record<string, string>> }) {
  const { t } = useTranslation();
  if (Object.keys(fields).length === 0) return null;
  return (
    <Alert color="#b02525" title={t('problem.invalid')} data-testid="field-problems">
      {Object.entries(fields).map(([path, message]) => (
        <Text size="sm" key={path}>
          <Code>{path}</Code>: {message}
        </Text>
      ))}
    </Alert>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Paper withBorder p="sm">
      <Title order={3} size="h4" mb="xs">
        {title}
      </Title>
      {children}
    </Paper>
  );
}

/**
 * Quản trị: staff, API clients (secret shown once), webhooks and deliveries, calendar, agencies, the
 * national portal's reconciliation, the audit log.
 */
export function AdminPage() {
  const { t } = useTranslation();
  return (
    <Stack>
      <Title order={2}>{t('admin.title')}</Title>
      <Tabs defaultValue="staff" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="staff">{t('admin.staff')}</Tabs.Tab>
          <Tabs.Tab value="clients">{t('admin.clients')}</Tabs.Tab>
          <Tabs.Tab value="webhooks">{t('admin.webhooks')}</Tabs.Tab>
          <Tabs.Tab value="calendar">{t('admin.calendar')}</Tabs.Tab>
          <Tabs.Tab value="agencies">{t('admin.agencies')}</Tabs.Tab>
          <Tabs.Tab value="portal">{t('admin.portal')}</Tabs.Tab>
          <Tabs.Tab value="audit">{t('admin.audit')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="staff" pt="md">
          <StaffTab />
        </Tabs.Panel>
        <Tabs.Panel value="clients" pt="md">
          <ClientsTab />
        </Tabs.Panel>
        <Tabs.Panel value="webhooks" pt="md">
          <WebhooksTab />
        </Tabs.Panel>
        <Tabs.Panel value="calendar" pt="md">
          <CalendarTab />
        </Tabs.Panel>
        <Tabs.Panel value="agencies" pt="md">
          <AgenciesTab />
        </Tabs.Panel>
        <Tabs.Panel value="portal" pt="md">
          <PortalTab />
        </Tabs.Panel>
        <Tabs.Panel value="audit" pt="md">
          <AuditTab />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

function agencyOptions(agencies: ReturnType<typeof useAgencies>['data'], lang: string) {
  return (agencies ?? []).map((a) => ({ value: a.code, label: `${localized(a.name, lang)} (${a.code})` }));
}

function StaffTab() {
  const { t, i18n } = useTranslation();
  const queries = useQueryClient();
  const agencies = useAgencies();
  const users = useQuery({
    queryKey: ['admin-users'],
    queryFn: async () => (await unwrap(api.GET('/admin/users'))) as unknown as StaffUser[],
  });
  const [form, setForm] = useState({
    personId: '',
    displayName: '',
    agencyCode: null as string | null,
    roles: [] as string[],
    password: '',
  });
  const action = useAction();
  const [done, setDone] = useState<string | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setDone(null);
    const created = await action.run(
      api.POST('/admin/users', {
        body: { ...form, ...(form.agencyCode ? {} : { agencyCode: undefined }) } as never,
      }),
    );
    if (created) {
      setDone(t('admin.userCreated', { person: form.personId }));
      setForm({ personId: '', displayName: '', agencyCode: null, roles: [], password: '' });
      await queries.invalidateQueries({ queryKey: ['admin-users'] });
    }
  };
  const disable = async (personId: string) => {
    if (await action.run(api.POST('/admin/users/{personId}/disable', { params: { path: { personId } } })))
      await queries.invalidateQueries({ queryKey: ['admin-users'] });
  };
  return (
    <Stack>
      <ProblemAlert error={action.problem ?? users.error} />
      {done && (
        <Text c="#1e6b34" role="status">
          {done}
        </Text>
      )}
      <Section title={t('admin.newUser')}>
        <form onSubmit={(e) => void submit(e)} noValidate>
          <Group align="flex-start" grow>
            <TextInput
              label={t('admin.personId')}
              value={form.personId}
              onChange={(e) => setForm({ ...form, personId: e.currentTarget.value })}
              error={action.fields.personId}
              required
            />
            <TextInput
              label={t('admin.displayName')}
              value={form.displayName}
              onChange={(e) => setForm({ ...form, displayName: e.currentTarget.value })}
              error={action.fields.displayName}
              required
            />
            <Select
              label={t('admin.agency')}
              searchable
              clearable
              data={agencyOptions(agencies.data, i18n.language)}
              value={form.agencyCode}
              onChange={(v) => setForm({ ...form, agencyCode: v })}
              error={action.fields.agencyCode}
            />
          </Group>
          <Group align="flex-end" grow mt="xs">
            <MultiSelect
              label={t('admin.roles')}
              data={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))}
              value={form.roles}
              onChange={(roles) => setForm({ ...form, roles })}
              error={action.fields.roles}
              required
            />
            <PasswordInput
              label={t('admin.password')}
              value={form.password}
              onChange={(e) => setForm({ ...form, password: e.currentTarget.value })}
              error={action.fields.password}
              autoComplete="new-password"
              required
            />
            <Button type="submit">{t('admin.create')}</Button>
          </Group>
        </form>
      </Section>
      <Table striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('admin.personId')}</Table.Th>
            <Table.Th>{t('admin.displayName')}</Table.Th>
            <Table.Th>{t('admin.agency')}</Table.Th>
            <Table.Th>{t('admin.roles')}</Table.Th>
            <Table.Th>{t('admin.state')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(users.data ?? []).map((u) => (
            <Table.Tr key={u.personId} data-person={u.personId}>
              <Table.Td>{u.personId}</Table.Td>
              <Table.Td>{u.displayName}</Table.Td>
              <Table.Td>{u.agencyCode ?? '—'}</Table.Td>
              <Table.Td>{u.roles.map((r) => t(`role.${r}`)).join(', ')}</Table.Td>
              <Table.Td>
                {u.disabledAt ? (
                  t('admin.disabledAt', { at: formatDateTime(u.disabledAt, i18n.language) })
                ) : (
                  <Button
                    size="xs"
                    variant="default"
                    onClick={() => void disable(u.personId)}
                    aria-label={`${t('admin.disable')} ${u.personId}`}
                  >
                    {t('admin.disable')}
                  </Button>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

function ClientsTab() {
  const { t, i18n } = useTranslation();
  const queries = useQueryClient();
  const agencies = useAgencies();
  const clients = useQuery({
    queryKey: ['admin-clients'],
    queryFn: async () => (await unwrap(api.GET('/admin/clients', {}))) as unknown as ApiClient[],
  });
  const [agencyCode, setAgencyCode] = useState<string | null>(null);
  const [description, setDescription] = useState('');
  const [secret, setSecret] = useState<{ clientId: string; clientSecret: string } | null>(null);
  const action = useAction();
  const refresh = () => queries.invalidateQueries({ queryKey: ['admin-clients'] });
  const create = async (event: FormEvent) => {
    event.preventDefault();
    const made = await action.run(api.POST('/admin/clients', { body: { agencyCode, description } as never }));
    if (made) {
      setSecret(made as { clientId: string; clientSecret: string });
      setDescription('');
      await refresh();
    }
  };
  const rotate = async (clientId: string) => {
    const made = await action.run(
      api.POST('/admin/clients/{clientId}/rotate', { params: { path: { clientId } }, body: {} as never }),
    );
    if (made) {
      setSecret(made as { clientId: string; clientSecret: string });
      await refresh();
    }
  };
  const revoke = async (clientId: string) => {
    if (
      await action.run(
        api.POST('/admin/clients/{clientId}/revoke', { params: { path: { clientId } }, body: {} as never }),
      )
    )
      await refresh();
  };
  return (
    <Stack>
      <ProblemAlert error={action.problem ?? clients.error} />
      {secret && (
        <Alert color="#8a5300" title={t('admin.secretOnce')} data-testid="client-secret">
          <Text size="sm">
            {t('admin.clientId')}: <Code>{secret.clientId}</Code>
          </Text>
          <Text size="sm">
            {t('admin.clientSecret')}: <Code>{secret.clientSecret}</Code>
          </Text>
          <Button size="xs" mt="xs" variant="default" onClick={() => setSecret(null)}>
            {t('admin.secretStored')}
          </Button>
        </Alert>
      )}
      <Section title={t('admin.newClient')}>
        <form onSubmit={(e) => void create(e)} noValidate>
          <Group align="flex-end" grow>
            <Select
              label={t('admin.agency')}
              searchable
              data={agencyOptions(agencies.data, i18n.language)}
              value={agencyCode}
              onChange={setAgencyCode}
              error={action.fields.agencyCode}
              required
            />
            <TextInput
              label={t('admin.description')}
              value={description}
              onChange={(e) => setDescription(e.currentTarget.value)}
              error={action.fields.description}
            />
            <Button type="submit">{t('admin.create')}</Button>
          </Group>
        </form>
      </Section>
      <Table striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('admin.clientId')}</Table.Th>
            <Table.Th>{t('admin.agency')}</Table.Th>
            <Table.Th>{t('admin.description')}</Table.Th>
            <Table.Th>{t('admin.state')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(clients.data ?? []).map((c) => (
            <Table.Tr key={c.clientId}>
              <Table.Td>
                <Code>{c.clientId}</Code>
              </Table.Td>
              <Table.Td>{c.agencyCode}</Table.Td>
              <Table.Td>{c.description ?? ''}</Table.Td>
              <Table.Td>
                {c.revokedAt ? (
                  t('admin.revokedAt', { at: formatDateTime(c.revokedAt, i18n.language) })
                ) : (
                  <Group gap="xs">
                    <Button
                      size="xs"
                      variant="default"
                      onClick={() => void rotate(c.clientId)}
                      aria-label={`${t('admin.rotate')} ${c.clientId}`}
                    >
                      {t('admin.rotate')}
                    </Button>
                    <Button
                      size="xs"
                      variant="default"
                      onClick={() => void revoke(c.clientId)}
                      aria-label={`${t('admin.revoke')} ${c.clientId}`}
                    >
                      {t('admin.revoke')}
                    </Button>
                  </Group>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

function WebhooksTab() {
  const { t, i18n } = useTranslation();
  const agencies = useAgencies();
  const [code, setCode] = useState<string | null>(null);
  const [url, setUrl] = useState('');
  const action = useAction();
  const [saved, setSaved] = useState(false);
  const webhook = useQuery({
    queryKey: ['webhook', code],
    enabled: !!code,
    retry: false,
    queryFn: async () => {
      const answer = await api.GET('/agencies/{code}/webhook', { params: { path: { code: code! } } });
      if (answer.response.status === 404) return null;
      return (await unwrap(Promise.resolve(answer))) as unknown as { url: string; events: string[] };
    },
  });
  const deliveries = useQuery({
    queryKey: ['deliveries', code],
    enabled: !!code,
    refetchInterval: 10_000,
    queryFn: async () =>
      (await unwrap(
        api.GET('/agencies/{code}/deliveries', {
          params: { path: { code: code! }, query: { limit: '50' } as never },
        }),
      )) as unknown as {
        deliveries: Delivery[];
      },
  });
  const save = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    if (
      await action.run(
        api.PUT('/agencies/{code}/webhook', { params: { path: { code: code! } }, body: { url } as never }),
      )
    ) {
      setSaved(true);
      await webhook.refetch();
    }
  };
  return (
    <Stack>
      <Select
        label={t('admin.agency')}
        searchable
        w={480}
        data={agencyOptions(agencies.data, i18n.language)}
        value={code}
        onChange={setCode}
      />
      <ProblemAlert error={action.problem} />
      {code && (
        <>
          <Text size="sm">
            {t('admin.webhookNow')}: {webhook.data ? <Code>{webhook.data.url}</Code> : t('admin.none')}
          </Text>
          <form onSubmit={(e) => void save(e)} noValidate>
            <Group align="flex-end">
              <TextInput
                label={t('admin.webhookUrl')}
                description={t('admin.webhookHint')}
                value={url}
                onChange={(e) => setUrl(e.currentTarget.value)}
                error={action.fields.url}
                w={480}
              />
              <Button type="submit">{t('admin.save')}</Button>
            </Group>
          </form>
          {saved && (
            <Text c="#1e6b34" role="status">
              {t('admin.saved')}
            </Text>
          )}
          <Section title={t('admin.deliveries')}>
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('admin.createdAt')}</Table.Th>
                  <Table.Th>{t('admin.event')}</Table.Th>
                  <Table.Th>{t('dossier.code')}</Table.Th>
                  <Table.Th>{t('admin.state')}</Table.Th>
                  <Table.Th>{t('admin.attempts')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {(deliveries.data?.deliveries ?? []).map((d) => (
                  <Table.Tr key={d.deliveryId}>
                    <Table.Td>{formatDateTime(d.createdAt, i18n.language)}</Table.Td>
                    <Table.Td>{d.type}</Table.Td>
                    <Table.Td>{d.dossierCode ?? ''}</Table.Td>
                    <Table.Td>
                      <Badge
                        color={
                          d.status === 'delivered' ? '#1e6b34' : d.status === 'failed' ? '#b02525' : '#495057'
                        }
                      >
                        {d.status}
                      </Badge>{' '}
                      {d.lastError ?? (d.lastStatusCode ? `HTTP ${d.lastStatusCode}` : '')}
                    </Table.Td>
                    <Table.Td>{d.attempts}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Section>
        </>
      )}
    </Stack>
  );
}

function CalendarTab() {
  const { t, i18n } = useTranslation();
  const queries = useQueryClient();
  const decisions = useQuery({
    queryKey: ['calendar-decisions'],
    queryFn: async () => (await unwrap(api.GET('/calendar/decisions'))) as unknown as Decision[],
  });
  const [json, setJson] = useState('');
  const [syntax, setSyntax] = useState<string | null>(null);
  const action = useAction();
  const [done, setDone] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setDone(false);
    let body: unknown;
    try {
      body = JSON.parse(json);
      setSyntax(null);
    } catch (e) {
      return setSyntax(e instanceof Error ? e.message : String(e));
    }
    if (await action.run(api.POST('/calendar/decisions', { body: body as never }))) {
      setDone(true);
      setJson('');
      await queries.invalidateQueries({ queryKey: ['calendar-decisions'] });
    }
  };
  return (
    <Stack>
      <ProblemAlert error={action.problem ?? decisions.error} />
      <FieldProblems fields={action.fields} />
      {done && (
        <Text c="#1e6b34" role="status">
          {t('admin.saved')}
        </Text>
      )}
      <Table striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('admin.year')}</Table.Th>
            <Table.Th>{t('admin.decision')}</Table.Th>
            <Table.Th>{t('admin.daysOff')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(decisions.data ?? []).map((d) => (
            <Table.Tr key={`${d.year}-${d.source.document}`}>
              <Table.Td>{d.year}</Table.Td>
              <Table.Td>
                {d.source.document}, {d.source.issuer} ({formatDate(d.source.issuedOn, i18n.language)})
              </Table.Td>
              <Table.Td>{d.daysOff.length}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Section title={t('admin.newDecision')}>
        <form onSubmit={(e) => void submit(e)} noValidate>
          <Textarea
            label={t('admin.decisionJson')}
            description={t('admin.decisionHint')}
            value={json}
            onChange={(e) => setJson(e.currentTarget.value)}
            error={syntax}
            autosize
            minRows={6}
            styles={{ input: { fontFamily: 'ui-monospace, monospace', fontSize: 12 } }}
          />
          <Button type="submit" mt="xs">
            {t('admin.save')}
          </Button>
        </form>
      </Section>
    </Stack>
  );
}

/**
 * Cơ quan: the directory, an agency file imported (all or nothing: every problem listed at its path),
 * and an agency's code reissued (provinces merged) or the agency deactivated, each with its reason.
 */
function AgenciesTab() {
  const { t, i18n } = useTranslation();
  const queries = useQueryClient();
  const agencies = useAgencies();
  const action = useAction();
  const [json, setJson] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [syntax, setSyntax] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [changing, setChanging] = useState<{ code: string; kind: 'reissue' | 'deactivate' } | null>(null);
  const [newCode, setNewCode] = useState('');
  const [reason, setReason] = useState('');
  const refresh = () => queries.invalidateQueries({ queryKey: ['agencies'] });

  const importFile = async (event: FormEvent) => {
    event.preventDefault();
    setDone(null);
    let body: unknown;
    try {
      body = JSON.parse(json);
      setSyntax(null);
    } catch (e) {
      return setSyntax(t('admin.notJson', { reason: e instanceof Error ? e.message : String(e) }));
    }
    const result = (await action.run(api.POST('/agencies/import', { body: body as never }))) as {
      registered: number;
      updated: number;
      unchanged: number;
    } | null;
    if (result) {
      setDone(t('admin.imported', result));
      setJson('');
      setFile(null);
      await refresh();
    }
  };
  const open = (code: string, kind: 'reissue' | 'deactivate') => {
    setChanging({ code, kind });
    setNewCode('');
    setReason('');
    setDone(null);
  };
  const change = async (event: FormEvent) => {
    event.preventDefault();
    if (!changing) return;
    const path = { code: changing.code };
    const answer =
      changing.kind === 'reissue'
        ? api.POST('/agencies/{code}/reissue', { params: { path }, body: { newCode, reason } })
        : api.POST('/agencies/{code}/deactivate', { params: { path }, body: { reason } });
    if (await action.run(answer)) {
      setDone(
        changing.kind === 'reissue'
          ? t('admin.reissued', { from: changing.code, to: newCode })
          : t('admin.deactivated', { code: changing.code }),
      );
      setChanging(null);
      await refresh();
    }
  };
  const target = (agencies.data ?? []).find((a) => a.code === changing?.code);
  return (
    <Stack>
      <ProblemAlert error={action.problem ?? agencies.error} />
      {!changing && <FieldProblems fields={action.fields} />}
      {done && (
        <Text c="#1e6b34" role="status">
          {done}
        </Text>
      )}
      <Table striped data-testid="agencies-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('admin.code')}</Table.Th>
            <Table.Th>{t('admin.agency')}</Table.Th>
            <Table.Th>{t('admin.level')}</Table.Th>
            <Table.Th>{t('admin.agencyRoles')}</Table.Th>
            <Table.Th>
              <VisuallyHidden>{t('admin.actions')}</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(agencies.data ?? []).map((a) => (
            <Table.Tr key={a.code} data-row={a.code}>
              <Table.Td>{a.code}</Table.Td>
              <Table.Td>{localized(a.name, i18n.language)}</Table.Td>
              <Table.Td>{t(`admin.levels.${a.level}`, { defaultValue: a.level })}</Table.Td>
              <Table.Td>{a.roles.join(', ')}</Table.Td>
              <Table.Td>
                <Group gap={4} wrap="nowrap">
                  <Button size="compact-xs" variant="default" onClick={() => open(a.code, 'reissue')}>
                    {t('admin.reissue')}
                  </Button>
                  <Button
                    size="compact-xs"
                    variant="default"
                    color="red"
                    onClick={() => open(a.code, 'deactivate')}
                  >
                    {t('admin.deactivate')}
                  </Button>
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {changing && target && (
        <Section
          title={t(changing.kind === 'reissue' ? 'admin.reissueTitle' : 'admin.deactivateTitle', {
            agency: `${localized(target.name, i18n.language)} (${target.code})`,
          })}
        >
          <form onSubmit={(e) => void change(e)} noValidate data-testid="agency-change">
            <Stack gap="xs">
              {changing.kind === 'reissue' && (
                <TextInput
                  label={t('admin.newCode')}
                  description={t('admin.newCodeHint')}
                  value={newCode}
                  onChange={(e) => setNewCode(e.currentTarget.value)}
                  error={action.fields.newCode}
                  required
                />
              )}
              <Textarea
                label={t('admin.reason')}
                value={reason}
                onChange={(e) => setReason(e.currentTarget.value)}
                error={action.fields.reason}
                required
                autosize
                minRows={2}
              />
              {changing.kind === 'deactivate' && (
                <Text size="sm" c="#8a3b00">
                  {t('admin.deactivateWarning')}
                </Text>
              )}
              <Group>
                <Button type="submit" color={changing.kind === 'deactivate' ? 'red.9' : undefined}>
                  {t(changing.kind === 'reissue' ? 'admin.reissue' : 'admin.deactivate')}
                </Button>
                <Button variant="default" onClick={() => setChanging(null)}>
                  {t('admin.cancel')}
                </Button>
              </Group>
            </Stack>
          </form>
        </Section>
      )}
      <Section title={t('admin.importAgencies')}>
        <form onSubmit={(e) => void importFile(e)} noValidate>
          <Stack gap="xs">
            <FileInput
              label={t('admin.agencyFile')}
              accept="application/json,.json"
              clearable
              clearButtonProps={{ 'aria-label': t('common.clear') }}
              value={file}
              onChange={(chosen) => {
                setFile(chosen);
                void chosen?.text().then(setJson);
              }}
            />
            <Textarea
              label={t('admin.agencyJson')}
              description={t('admin.agencyHint')}
              value={json}
              onChange={(e) => setJson(e.currentTarget.value)}
              error={syntax}
              autosize
              minRows={6}
              maxRows={20}
              styles={{ input: { fontFamily: 'ui-monospace, monospace', fontSize: 12 } }}
            />
            <Group>
              <Button type="submit" disabled={json.trim() === ''}>
                {t('admin.import')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Section>
    </Stack>
  );
}

interface AuditEntry {
  at: string;
  method: string;
  path: string;
  status: number;
  kind: string;
  personId: string | null;
  claimedId: string | null;
  agencyCode: string | null;
  ip: string | null;
}

const AUDIT_KINDS = ['change', 'auth-failure', 'access-denied', 'personal-data-read'] as const;

/** Nhật ký: who changed what, refused credentials and access, personal data read; newest first. */
function AuditTab() {
  const { t, i18n } = useTranslation();
  const [kind, setKind] = useState<string | null>(null);
  const [person, setPerson] = useState('');
  const [shownPerson, setShownPerson] = useState('');
  const log = useQuery({
    queryKey: ['audit', kind, shownPerson],
    queryFn: async () =>
      (await unwrap(
        api.GET('/audit', {
          params: {
            query: {
              limit: '200',
              ...(kind ? { kind: kind as (typeof AUDIT_KINDS)[number] } : {}),
              ...(shownPerson ? { person: shownPerson } : {}),
            },
          },
        }),
      )) as unknown as AuditEntry[],
  });
  return (
    <Stack>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setShownPerson(person.trim());
        }}
      >
        <Group align="flex-end">
          <Select
            label={t('admin.auditKind')}
            clearable
            data={AUDIT_KINDS.map((k) => ({ value: k, label: t(`admin.auditKinds.${k}`) }))}
            value={kind}
            onChange={setKind}
            w={260}
          />
          <TextInput
            label={t('admin.personId')}
            value={person}
            onChange={(e) => setPerson(e.currentTarget.value)}
          />
          <Button type="submit">{t('reports.show')}</Button>
        </Group>
      </form>
      <ProblemAlert error={log.error} />
      <Table striped data-testid="audit">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('admin.createdAt')}</Table.Th>
            <Table.Th>{t('admin.auditKind')}</Table.Th>
            <Table.Th>{t('admin.personId')}</Table.Th>
            <Table.Th>{t('admin.agency')}</Table.Th>
            <Table.Th>{t('admin.request')}</Table.Th>
            <Table.Th>{t('admin.status')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(log.data ?? []).map((e, i) => (
            <Table.Tr key={`${e.at}-${i}`}>
              <Table.Td>{formatDateTime(e.at, i18n.language)}</Table.Td>
              <Table.Td>{t(`admin.auditKinds.${e.kind}`, { defaultValue: e.kind })}</Table.Td>
              <Table.Td>{e.personId ?? e.claimedId ?? '—'}</Table.Td>
              <Table.Td>{e.agencyCode ?? '—'}</Table.Td>
              <Table.Td>
                <Code>
                  {e.method} {e.path}
                </Code>
              </Table.Td>
              <Table.Td>{e.status}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

interface PortalMismatch {
  portalId: string;
  dossierCode: string | null;
  ours: { status: string; sequence: number } | null;
  portal: { status: string | null; sequence: number } | null;
  pushPending: boolean;
  pushFailed: boolean;
}
interface ReconciliationReport {
  checkedAt: string;
  dossiers: number;
  mismatches: PortalMismatch[];
}
interface ReconciliationRun {
  checkedAt: string;
  dossiers: number | null;
  mismatches: PortalMismatch[] | null;
  error: string | null;
}

/**
 * Đối soát với Cổng DVC quốc gia (issue 24): the worker's last scheduled run, and a run now; each dossier
 * whose status on the portal differs from ours, with whether our push is still retried or was given up.
 */
function PortalTab() {
  const { t, i18n } = useTranslation();
  const latest = useQuery({
    queryKey: ['portal-reconciliation-latest'],
    queryFn: async () =>
      (
        (await unwrap(api.GET('/channels/national-portal/reconciliation/latest'))) as unknown as {
          run: ReconciliationRun | null;
        }
      ).run,
  });
  const [now, setNow] = useState<ReconciliationReport | null>(null);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [busy, setBusy] = useState(false);
  const runNow = async () => {
    setBusy(true);
    setProblem(null);
    const answer = await api.GET('/channels/national-portal/reconciliation');
    setBusy(false);
    if (!answer.response.ok) {
      setProblem(toProblem(answer.response.status, answer.error));
      return;
    }
    setNow(answer.data as unknown as ReconciliationReport);
  };
  const run = latest.data;
  const shown = now?.mismatches ?? run?.mismatches ?? [];
  const status = (s: string | null) =>
    s === null ? '—' : t(`admin.portalStatuses.${s}`, { defaultValue: s });
  return (
    <Section title={t('admin.reconciliation')}>
      <Stack>
        <Text size="sm">{t('admin.reconciliationIntro')}</Text>
        <ProblemAlert error={latest.error} />
        <Text size="sm" data-testid="reconciliation-latest">
          {run === undefined
            ? ''
            : run === null
              ? t('admin.reconciliationNever')
              : run.error !== null
                ? t('admin.reconciliationFailed', {
                    at: formatDateTime(run.checkedAt, i18n.language),
                    error: run.error,
                  })
                : t('admin.reconciliationLast', {
                    at: formatDateTime(run.checkedAt, i18n.language),
                    dossiers: run.dossiers,
                    count: run.mismatches?.length ?? 0,
                  })}
        </Text>
        <Group>
          <Button onClick={() => void runNow()} loading={busy}>
            {t('admin.reconcileNow')}
          </Button>
        </Group>
        <ProblemAlert error={problem} />
        {now && (
          <Text size="sm" data-testid="reconciliation-now">
            {t('admin.reconciliationNow', {
              at: formatDateTime(now.checkedAt, i18n.language),
              dossiers: now.dossiers,
              count: now.mismatches.length,
            })}
          </Text>
        )}
        {(now ?? run) && shown.length === 0 && <Text size="sm">{t('admin.reconciliationMatch')}</Text>}
        {shown.length > 0 && (
          <Table striped data-testid="reconciliation-mismatches">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('portal.portalId')}</Table.Th>
                <Table.Th>{t('admin.dossierCode')}</Table.Th>
                <Table.Th>{t('admin.oursStatus')}</Table.Th>
                <Table.Th>{t('admin.portalStatus')}</Table.Th>
                <Table.Th>{t('admin.push')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {shown.map((m) => (
                <Table.Tr key={m.portalId} data-portal-id={m.portalId}>
                  <Table.Td>{m.portalId}</Table.Td>
                  <Table.Td>{m.dossierCode ?? '—'}</Table.Td>
                  <Table.Td>
                    {m.ours ? `${status(m.ours.status)} (${m.ours.sequence})` : t('admin.unknownHere')}
                  </Table.Td>
                  <Table.Td>
                    {!m.portal
                      ? t('admin.unknownThere')
                      : m.portal.status === null
                        ? t('admin.portalNoStatus')
                        : `${status(m.portal.status)} (${m.portal.sequence})`}
                  </Table.Td>
                  <Table.Td>
                    {m.pushFailed ? (
                      <Badge color="#b02525">{t('admin.pushFailed')}</Badge>
                    ) : m.pushPending ? (
                      <Badge color="#8a5300">{t('admin.pushPending')}</Badge>
                    ) : (
                      '—'
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Section>
  );
}
