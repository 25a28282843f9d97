import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Header from '@cloudscape-design/components/header';
import Table from '@cloudscape-design/components/table';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import { LabelChips } from '../components/LabelChips';
import { ApiError, api, type CasePage, type CaseSummary } from '../lib/api';
import { SPAM_FOLDER, useCaseFolders, useLabels } from '../lib/filing';
import { useStrings } from '../lib/i18n';
import { useSession } from '../lib/session';
import { useShortcuts } from '../lib/shortcuts';
import { useNow } from '../lib/time';
import { caseColumns } from './QueueScreen';

const PAGE = 50;
/** A label's or folder's list is read again this often, like a queue. */
const REFRESH_MS = 3000;

/** The cases with a label or in a case folder, newest first, paged by cursor, with the total. */
export function FiledScreen({ kind, id }: { kind: 'label' | 'folder'; id: string }) {
  const t = useStrings();
  const { shortcutsOn } = useSession();
  const navigate = useNavigate();
  const now = useNow();
  const labels = useLabels();
  const folders = useCaseFolders();
  const [selected, setSelected] = useState(0);
  const base = kind === 'label' ? `/labels/${encodeURIComponent(id)}/cases` : `/case-folders/${encodeURIComponent(id)}/cases`;
  const pages = useInfiniteQuery({
    queryKey: ['filed', kind, id],
    queryFn: ({ pageParam }) =>
      api<CasePage>(`${base}?${new URLSearchParams({ limit: String(PAGE), ...(pageParam ? { cursor: pageParam } : {}) })}`),
    initialPageParam: '',
    getNextPageParam: (last) => last.cursor ?? undefined,
    // A refusal (a folder not among the user's) or a miss stays put.
    refetchInterval: (query) => (query.state.error ? false : REFRESH_MS),
    retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 3,
  });
  const rows = useMemo(() => pages.data?.pages.flatMap((p) => p.cases) ?? [], [pages.data]);
  const total = pages.data?.pages[0]?.total;
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
  const label = kind === 'label' ? labels.data?.find((l) => l.id === id) : undefined;
  const folder = kind === 'folder' ? folders.data?.find((f) => f.id === id) : undefined;
  const title =
    kind === 'label' ? (
      label ? (
        <>
          {t.label}: <LabelChips ids={[id]} labels={labels.data} />
        </>
      ) : (
        id
      )
    ) : id === SPAM_FOLDER ? (
      t.spamCases
    ) : (
      (folder?.name ?? id)
    );
  if (pages.error)
    return (
      <Box padding="l">
        <Alert type="error">
          {pages.error instanceof ApiError && pages.error.status === 403
            ? t.folderNotVisible
            : pages.error instanceof ApiError && pages.error.status === 404
              ? t.filedNotFound
              : String(pages.error)}
        </Alert>
      </Box>
    );
  return (
    <Table
      variant="full-page"
      wrapLines
      header={
        <Header variant="awsui-h1-sticky" counter={total == null ? undefined : `(${total})`}>
          {title}
        </Header>
      }
      loading={pages.isLoading}
      loadingText={t.loading}
      items={rows}
      trackBy="id"
      selectionType="single"
      selectedItems={current ? [current] : []}
      onSelectionChange={({ detail }) => setSelected(rows.indexOf(detail.selectedItems[0] as CaseSummary))}
      ariaLabels={{
        selectionGroupLabel: t.cases,
        itemSelectionLabel: (_, c) => `${c.reference} ${c.subject}`,
        allItemsSelectionLabel: () => t.cases,
      }}
      columnDefinitions={caseColumns({ t, now, open, labels: labels.data, team: true, viewers: false })}
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
