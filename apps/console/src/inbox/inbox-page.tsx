import { memo, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Group, Paper, SegmentedControl, Select, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { api, unwrap } from '../api/client';
import { useSession } from '../auth/use-session';
import { ProblemAlert } from '../common/problem-alert';
import { useAgencies, localized } from '../common/procedures';
import { formatDateTime, formatNumber } from '../i18n/format';
import { badgesOf, sortInbox, type Badge as BadgeKind, type InboxItem, type InboxPage } from './inbox-types';
import { StepActions } from './step-actions';
import { useInboxChanges } from './inbox-changes';

const PAGE = 200;
// Dark enough for white text on small badges (WCAG 2.1 AA: 4.5:1).
const BADGE_COLOR: Record<BadgeKind, string> = {
  overdue: '#b02525',
  'at-risk': '#8f2d56',
  apology: '#862e9c',
  supplement: '#8a5300',
  paused: '#495057',
  'due-soon': '#a63d00',
  'on-time': '#1e6b34',
};

/** Every page of the inbox (200 rows a request), so sorting and scrolling cover all of it. */
async function fetchInbox(agencyCode: string, filter: string): Promise<InboxPage> {
  const items: InboxItem[] = [];
  let first: InboxPage | null = null;
  for (let offset = 0; ; offset += PAGE) {
    const page = (await unwrap(
      api.GET('/agencies/{agencyCode}/inbox', {
        params: {
          path: { agencyCode },
          query: {
            limit: String(PAGE),
            offset: String(offset),
            ...(filter === 'overdue' ? { overdue: 'true' } : {}),
            ...(filter === 'accepted' ? { accepted: 'true' } : {}),
          } as never,
        },
      }),
    )) as unknown as InboxPage;
    first ??= page;
    items.push(...page.items);
    if (page.items.length < PAGE || items.length >= page.total) break;
  }
  return { ...first, items };
}

/** Hộp việc: the steps an agency holds now, live (pushed changes), virtualised for thousands of rows. */
export function InboxPage() {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const agencies = useAgencies();
  const [chosen, setChosen] = useState<string | null>(null);
  const agencyCode = session?.claims.agency ?? chosen;
  const [filter, setFilter] = useState('all');
  const [direction, setDirection] = useState<'asc' | 'desc'>('asc');
  const [selected, setSelected] = useState<InboxItem | null>(null);
  const lang = i18n.language;
  const live = useInboxChanges(agencyCode);
  const inbox = useQuery({
    queryKey: ['inbox', agencyCode, filter],
    enabled: !!agencyCode,
    queryFn: () => fetchInbox(agencyCode!, filter),
    // Pushed changes reload it (useInboxChanges); polling is the safety net, often while they are off.
    refetchInterval: live ? 60_000 : 5_000,
  });
  const rows = useMemo(() => sortInbox(inbox.data?.items ?? [], direction), [inbox.data, direction]);
  const parent = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({
    count: rows.length,
    getScrollElement: () => parent.current,
    estimateSize: () => 72,
    overscan: 12,
  });
  // The instant of the answer, so the rows (memoised) render again only when the data changes.
  const now = inbox.dataUpdatedAt;

  return (
    <Stack>
      <Title order={2}>{t('inbox.title')}</Title>
      <Group>
        {!session?.claims.agency && (
          <Select
            label={t('inbox.agency')}
            searchable
            data={(agencies.data ?? []).map((a) => ({
              value: a.code,
              label: `${localized(a.name, lang)} (${a.code})`,
            }))}
            value={chosen}
            onChange={setChosen}
          />
        )}
        <SegmentedControl
          aria-label={t('inbox.filter')}
          value={filter}
          onChange={setFilter}
          data={[
            { value: 'all', label: t('inbox.all') },
            { value: 'overdue', label: t('inbox.overdueOnly') },
            { value: 'accepted', label: t('inbox.acceptedOnly') },
          ]}
        />
        <Button variant="default" onClick={() => setDirection((d) => (d === 'asc' ? 'desc' : 'asc'))}>
          {direction === 'asc' ? t('inbox.sortSoonest') : t('inbox.sortLatest')}
        </Button>
        <Text size="sm" aria-live="polite" data-testid="inbox-total">
          {t('inbox.total', { n: formatNumber(inbox.data?.total ?? 0, lang) })}
        </Text>
        <Text size="sm" c={live ? '#1e6b34' : '#495057'} data-testid="inbox-live" data-live={live}>
          {live ? t('inbox.live') : t('inbox.polling')}
        </Text>
      </Group>
      <ProblemAlert error={inbox.error} />
      {(inbox.data?.escalations.length ?? 0) > 0 && (
        <Paper withBorder p="sm">
          <Text fw={700}>{t('inbox.escalations')}</Text>
          {inbox.data!.escalations.map((e) => (
            <Text key={`${e.dossierCode}-${e.escalatedAt}`} size="sm">
              {e.dossierCode}: {e.reason} ({formatDateTime(e.escalatedAt, lang)})
            </Text>
          ))}
        </Paper>
      )}
      <div
        ref={parent}
        data-testid="inbox-list"
        style={{ height: 'calc(100vh - 260px)', minHeight: 320, overflow: 'auto' }}
      >
        <div
          // An empty list is no list (axe: a list needs items; a plain div may not carry a label).
          {...(rows.length > 0 ? { role: 'list', 'aria-label': t('inbox.title') } : {})}
          style={{ height: virtual.getTotalSize(), position: 'relative' }}
        >
          {virtual.getVirtualItems().map((row) => {
            const item = rows[row.index]!;
            return (
              <InboxRow
                key={`${item.dossierCode}/${item.stepId}`}
                item={item}
                now={now}
                top={row.start}
                onAct={setSelected}
              />
            );
          })}
        </div>
        {inbox.isSuccess && rows.length === 0 && <Text c="dimmed">{t('inbox.empty')}</Text>}
      </div>
      <StepActions item={selected} onClose={() => setSelected(null)} />
    </Stack>
  );
}

/**
 * One row of the inbox: plain elements (no component library) and memoised, so that scrolling through
 * thousands of rows mounts only the few that come into view, cheaply.
 */
const InboxRow = memo(function InboxRow({
  item,
  now,
  top,
  onAct,
}: {
  item: InboxItem;
  now: number;
  top: number;
  onAct: (item: InboxItem) => void;
}) {
  const { t, i18n } = useTranslation();
  return (
    <div
      role="listitem"
      data-testid="inbox-row"
      data-dossier={item.dossierCode}
      data-step={item.stepId}
      className="inbox-row"
      style={{ transform: `translateY(${top}px)` }}
    >
      <div className="inbox-row-text">
        <strong>
          {item.dossierCode} · {item.stepId}
        </strong>
        <small>
          {t('inbox.deadline')}: {formatDateTime(item.deadline, i18n.language)}
          {item.acceptedAt ? ` · ${t('inbox.received')}` : ''}
        </small>
      </div>
      <div className="inbox-row-badges">
        {badgesOf(item, now).map((b) => (
          <span
            key={b}
            className="inbox-badge"
            style={{ background: BADGE_COLOR[b] }}
            data-badge={b}
            title={
              b === 'at-risk' && item.latenessWarning
                ? t('inbox.atRisk', { p: Math.round(item.latenessWarning.probability * 100) })
                : undefined
            }
          >
            {t(`badge.${b}`)}
          </span>
        ))}
        <button
          type="button"
          className="inbox-act"
          onClick={() => onAct(item)}
          aria-label={`${t('inbox.act')} ${item.dossierCode} ${item.stepId}`}
        >
          {t('inbox.act')}
        </button>
      </div>
    </div>
  );
});
