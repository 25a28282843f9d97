import Badge from '@cloudscape-design/components/badge';
import Box from '@cloudscape-design/components/box';
import Header from '@cloudscape-design/components/header';
import Link from '@cloudscape-design/components/link';
import SegmentedControl from '@cloudscape-design/components/segmented-control';
import Table from '@cloudscape-design/components/table';
import TextFilter from '@cloudscape-design/components/text-filter';
import { useQueryClient } from '@tanstack/react-query';
import type { TableProps } from '@cloudscape-design/components/table';
import { useMemo, useState } from 'react';
import { LabelChips } from '../components/LabelChips';
import { SlaCountdown } from '../components/SlaCountdown';
import { type CaseSummary, type Label, TEAMS, type Team } from '../lib/api';
import { LoadMore, useCaseSelection, useCasePages } from '../lib/case-list';
import { useLabels } from '../lib/filing';
import { type Strings, useStrings } from '../lib/i18n';
import { LIVE_POLL_MS, queueChannel, useLiveChannels } from '../lib/live';
import { queuesOf, useSession } from '../lib/session';
import { useNow } from '../lib/time';

/** How often an open queue asks for what changed while its live channel is down. */
const REFRESH_MS = 1500;

/** The customer a row names: the account, else the person who wrote. */
export const customerOf = (c: CaseSummary) => c.customerName ?? c.requester.name ?? c.requester.email;

/**
 * A queue: a team's cases earliest deadline first (R-SLA-3), or every case newest first. Pages
 * come from the server by cursor; rows tick their SLA countdowns every second.
 */
export function QueueScreen({ queue }: { queue: string }) {
  const t = useStrings();
  const { me } = useSession();
  const queryClient = useQueryClient();
  // A change to any case of the queue's teams re-reads the queue (the message names the case only).
  const live = useLiveChannels(
    (queue === 'all' ? queuesOf(me, TEAMS) : [queue]).map((team) => queueChannel(team as Team)),
    () => void queryClient.invalidateQueries({ queryKey: ['queue', queue] })
  );
  const now = useNow();
  const [filter, setFilter] = useState('');
  const [whose, setWhose] = useState<'all' | 'me' | 'none'>('all');
  const labels = useLabels();
  const { pages, rows: read } = useCasePages({
    queryKey: ['queue', queue, whose],
    path:
      queue === 'all'
        ? '/cases'
        : `/queue?${new URLSearchParams({ team: queue, ...(whose !== 'all' ? { assignee: whose } : {}) })}`,
    refetchInterval: live ? LIVE_POLL_MS : REFRESH_MS,
  });
  const rows = useMemo(() => {
    const words = filter.toLowerCase().trim();
    if (!words) return read;
    return read.filter((c) =>
      [c.reference, c.subject, customerOf(c), c.requester.email].some((f) => f.toLowerCase().includes(words))
    );
  }, [read, filter]);
  const { open, selection } = useCaseSelection(rows, queue);

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
      {...selection}
      ariaLabels={{
        selectionGroupLabel: t.queues,
        itemSelectionLabel: (_, c) => `${c.reference} ${c.subject}`,
        allItemsSelectionLabel: () => t.queues,
      }}
      columnDefinitions={caseColumns({ t, now, open, labels: labels.data, team: queue === 'all', viewers: true })}
      empty={<Box textAlign="center">{t.empty}</Box>}
      footer={<LoadMore pages={pages} />}
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
