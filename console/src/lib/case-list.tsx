import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import { type InfiniteData, keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useEffect, useMemo, useState } from 'react';
import { ApiError, api, type CasePage, type CaseSummary } from './api';
import { useStrings } from './i18n';
import { useSession } from './session';
import { useShortcuts } from './shortcuts';

/** Cases a list screen asks for at a time. */
export const CASE_PAGE = 50;

/**
 * A list of cases read from the server a page at a time by cursor (a queue, search results, a
 * label's or folder's cases): `path` is the list's address with its own parameters, `limit` and
 * `cursor` are added here. The rows are every page read so far.
 */
export function useCasePages<P extends CasePage>(o: {
  queryKey: readonly unknown[];
  path: string;
  refetchInterval: number | false | ((query: { state: { error: unknown } }) => number | false);
  enabled?: boolean;
  /** Keep showing the previous answer while another is asked for (search as you type). */
  keepPrevious?: boolean;
}) {
  const pages = useInfiniteQuery<P, Error, InfiniteData<P>, readonly unknown[], string>({
    queryKey: o.queryKey,
    queryFn: ({ pageParam }) => {
      const separator = o.path.includes('?') ? '&' : '?';
      const page = new URLSearchParams({ limit: String(CASE_PAGE), ...(pageParam ? { cursor: pageParam } : {}) });
      return api<P>(`${o.path}${separator}${page}`);
    },
    initialPageParam: '',
    getNextPageParam: (last) => last.cursor ?? undefined,
    refetchInterval: o.refetchInterval,
    // A refusal or a miss is an answer, not a hiccup: it is not asked again.
    retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 3,
    enabled: o.enabled,
    placeholderData: o.keepPrevious ? keepPreviousData : undefined,
  });
  const rows = useMemo(() => pages.data?.pages.flatMap((p) => p.cases) ?? [], [pages.data]);
  return { pages, rows };
}

/**
 * The selected row of a case list and its keys: `j`/`k` move, `o`/Enter open (single-key
 * shortcuts only while the user has them on). The selection goes back to the top when `resetOn`
 * changes (another queue, another search).
 */
export function useCaseSelection(rows: CaseSummary[], resetOn: unknown) {
  const { shortcutsOn } = useSession();
  const navigate = useNavigate();
  const [selected, setSelected] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: resetOn is the reason to reset
  useEffect(() => setSelected(0), [resetOn]);
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
  return {
    current,
    open,
    /** The table's single selection, and its change. */
    selection: {
      selectionType: 'single' as const,
      selectedItems: current ? [current] : [],
      onSelectionChange: ({ detail }: { detail: { selectedItems: CaseSummary[] } }) =>
        setSelected(rows.indexOf(detail.selectedItems[0] as CaseSummary)),
    },
  };
}

/** "Load more" under a case list while the server has more pages. */
export function LoadMore({ pages }: { pages: ReturnType<typeof useCasePages>['pages'] }) {
  const t = useStrings();
  if (!pages.hasNextPage) return null;
  return (
    <Box textAlign="center">
      <Button onClick={() => pages.fetchNextPage()} loading={pages.isFetchingNextPage}>
        {t.loadMore}
      </Button>
    </Box>
  );
}
