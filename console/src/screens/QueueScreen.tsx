import Badge from '@cloudscape-design/components/badge';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Header from '@cloudscape-design/components/header';
import Link from '@cloudscape-design/components/link';
import SegmentedControl from '@cloudscape-design/components/segmented-control';
import Table from '@cloudscape-design/components/table';
import TextFilter from '@cloudscape-design/components/text-filter';
import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import type { TableProps } from '@cloudscape-design/components/table';
import { useEffect, useMemo, useState } from 'react';
import { LabelChips } from '../components/LabelChips';
import { SlaCountdown } from '../components/SlaCountdown';
import { api, type CasePage, type CaseSummary, type Label, TEAMS, type Team } from '../lib/api';
import { useLabels } from '../lib/filing';
import { type Strings, useStrings } from '../lib/i18n';
import { LIVE_POLL_MS, queueChannel, useLiveChannels } from '../lib/live';
import { queuesOf, useSession } from '../lib/session';
import { useShortcuts } from '../lib/shortcuts';
import { useNow } from '../lib/time';

/** How often an open queue asks for what changed while its live channel is down. */
const REFRESH_MS = 1500;
const PAGE = 50;

/** The customer a row names: the account, else the person who wrote. */
export const customerOf = (c: CaseSummary) => c.customerName ?? c.requester.name ?? c.requester.email;

/**
 * A queue: a team's cases earliest deadline first (R-SLA-3), or every case newest first. Pages
 * come from the server by cursor; rows tick their SLA countdowns every second.
 */
export function QueueScreen({ queue }: { queue: string }) {
  const t = useStrings();
  const { me, shortcutsOn } = useSession();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  // A change to any case of the queue's teams re-reads the queue (the message names the case only).
  const live = useLiveChannels(
    (queue === 'all' ? queuesOf(me, TEAMS) : [queue]).map((team) => queueChannel(team as Team)),
    () => void queryClient.invalidateQueries({ queryKey: ['queue', queue] })
  );
  const now = useNow();
  const [selected, setSelected] = useState(0);
  const [filter, setFilter] = useState('');
  const [whose, setWhose] = useState<'all' | 'me' | 'none'>('all');
  const labels = useLabels();
  const pages = useInfiniteQuery({
    queryKey: ['queue', queue, whose],
    queryFn: ({ pageParam }) =>
      api<CasePage>(
        `${queue === 'all' ? '/cases' : '/queue'}?${new URLSearchParams({
          ...(queue === 'all' ? {} : { team: queue }),
          ...(queue !== 'all' && whose !== 'all' ? { assignee: whose } : {}),
          limit: String(PAGE),
          ...(pageParam ? { cursor: pageParam } : {}),
        })}`
      ),
    initialPageParam: '',
    getNextPageParam: (last) => last.cursor ?? undefined,
    refetchInterval: live ? LIVE_POLL_MS : REFRESH_MS,
  });
  const rows = useMemo(() => {
    const all = pages.data?.pages.flatMap((p) => p.cases) ?? [];
    const words = filter.toLowerCase().trim();
    if (!words) return all;
    return all.filter((c) =>
      [c.reference, c.subject, customerOf(c), c.requester.email].some((f) => f.toLowerCase().includes(words))
    );
  }, [pages.data, filter]);
  useEffect(() => setSelected(0), [queue]);
  const current = rows[Math.min(selected, rows.length - 1)];
  const open = (c: CaseSummary | undefined) =>
    c && navigate({ to: '/cases/$reference', params: { reference: c.reference } });

  useShortcuts(
    shortcutsOn,
    useMemo(
      () => ({
        j: () => setSelected((i) => Math.min(i + 1, rows.length - 1)),
        k: () => setSelected((i) => Math.max(i - 1, 0)),
        o: () => open(current),
        Enter: () => open(current),
      }),
      // biome-ignore lint/correctness/useExhaustiveDependencies: open reads the current row only
      [rows.length, current]
    )
  );

  return (
    <Table
      variant="full-page"
      wrapLines
      header={
        <Header
          variant="awsui-h1-sticky"
          counter={pages.data ? `(${rows.length})` : undefined}
          actions={
            queue !== 'all' && (
              <SegmentedControl
                label={t.show}
                selectedId={whose}
                onChange={({ detail }) => setWhose(detail.selectedId as 'all' | 'me' | 'none')}
                options={[
                  { id: 'all', text: t.all },
                  { id: 'me', text: t.mine },
                  { id: 'none', text: t.unassigned },
                ]}
              />
            )
          }
        >
          {queue === 'all' ? t.allCases : queue}
        </Header>
      }
      filter={
        <TextFilter
          filteringText={filter}
          filteringPlaceholder={t.filter}
          filteringAriaLabel={t.filter}
          onChange={({ detail }) => setFilter(detail.filteringText)}
        />
      }
      loading={pages.isLoading}
      loadingText={t.loading}
      items={rows}
      trackBy="id"
      selectionType="single"
      selectedItems={current ? [current] : []}
      onSelectionChange={({ detail }) => setSelected(rows.indexOf(detail.selectedItems[0] as CaseSummary))}
      ariaLabels={{
        selectionGroupLabel: t.queues,
        itemSelectionLabel: (_, c) => `${c.reference} ${c.subject}`,
        allItemsSelectionLabel: () => t.queues,
      }}
      columnDefinitions={caseColumns({ t, now, open, labels: labels.data, team: queue === 'all', viewers: true })}
      empty={<Box textAlign="center">{t.empty}</Box>}
      footer={
        pages.hasNextPage && (
          <Box textAlign="center">
            <Button onClick={() => pages.fetchNextPage()} loading={pages.isFetchingNextPage}>
              {t.loadMore}
            </Button>
          </Box>
        )
      }
    />
  );
}

/**
 * The columns of a list of cases (a queue, all cases, a label's or folder's cases): one row shape
 * everywhere, with the team column where a list spans teams and who is on it where that is known.
 */
export function caseColumns(o: {
  t: Strings;
  now: Date;
  open: (c: CaseSummary) => unknown;
  labels: Label[] | undefined;
  team: boolean;
  viewers: boolean;
  /** The day each case was opened (search results span any time). */
  opened?: { language: string };
}): TableProps.ColumnDefinition<CaseSummary>[] {
  const { t, now, open } = o;
  return [
    {
      id: 'severity',
      header: t.severity,
      cell: (c) =>
        c.severity === 'SEV1' ? <Badge color="severity-critical">{t.sev1}</Badge> : <Badge>{t.normal}</Badge>,
    },
    {
      id: 'reference',
      header: t.reference,
      cell: (c) => (
        <Link
          href={`/cases/${c.reference}`}
          onFollow={(e) => {
            e.preventDefault();
            open(c);
          }}
        >
          {c.reference}
        </Link>
      ),
    },
    { id: 'customer', header: t.customer, cell: customerOf },
    { id: 'subject', header: t.subject, cell: (c) => c.subject, maxWidth: 360 },
    { id: 'labels', header: t.labels, cell: (c) => <LabelChips ids={c.labels ?? []} labels={o.labels} /> },
    { id: 'status', header: t.status, cell: (c) => t.statusNames[c.status] ?? c.status },
    { id: 'assignee', header: t.assignee, cell: (c) => c.assignee?.name ?? '—' },
    // A team's queue is one team: the column only tells something in lists across teams.
    ...(o.team ? [{ id: 'team', header: t.team, cell: (c: CaseSummary) => c.team }] : []),
    ...(o.opened
      ? [
          {
            id: 'opened',
            header: t.opened,
            cell: (c: CaseSummary) => new Date(c.receivedAt).toLocaleDateString(o.opened?.language),
          },
        ]
      : []),
    { id: 'due', header: t.nextDue, cell: (c) => <SlaCountdown target={c.nextTarget} now={now} compact /> },
    ...(o.viewers
      ? [
          {
            id: 'viewers',
            header: t.onIt,
            cell: (c: CaseSummary) =>
              (c.viewers ?? []).map((v) => `${v.name}${v.replying ? ` (${t.replyingNow})` : ''}`).join(', ') || '—',
          },
        ]
      : []),
  ];
}
