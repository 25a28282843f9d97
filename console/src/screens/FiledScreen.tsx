import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Header from '@cloudscape-design/components/header';
import Table from '@cloudscape-design/components/table';
import { useContext } from 'react';
import { LabelChips } from '../components/LabelChips';
import { ApiError } from '../lib/api';
import { LoadMore, useCaseSelection, useCasePages } from '../lib/case-list';
import { CountsLiveContext, SPAM_FOLDER, useCaseFolders, useLabels } from '../lib/filing';
import { useStrings } from '../lib/i18n';
import { LIVE_POLL_MS } from '../lib/live';
import { useNow } from '../lib/time';
import { caseColumns } from './QueueScreen';

/** While the live channel is down, a label's or folder's list is read again this often. */
const REFRESH_MS = 3000;

/** The cases with a label or in a case folder, newest first, paged by cursor, with the total. */
export function FiledScreen({ kind, id }: { kind: 'label' | 'folder'; id: string }) {
  const t = useStrings();
  const live = useContext(CountsLiveContext);
  const now = useNow();
  const labels = useLabels();
  const folders = useCaseFolders();
  const base = kind === 'label' ? `/labels/${encodeURIComponent(id)}/cases` : `/case-folders/${encodeURIComponent(id)}/cases`;
  const { pages, rows } = useCasePages({
    queryKey: ['filed', kind, id],
    path: base,
    // Re-read when a case of the user's teams changes (the shell's live channel), else polled;
    // a refusal (a folder not among the user's) or a miss stays put.
    refetchInterval: (query) => (query.state.error ? false : live ? LIVE_POLL_MS : REFRESH_MS),
  });
  const total = pages.data?.pages[0]?.total;
  const { open, selection } = useCaseSelection(rows, `${kind}/${id}`);
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
      {...selection}
      ariaLabels={{
        selectionGroupLabel: t.cases,
        itemSelectionLabel: (_, c) => `${c.reference} ${c.subject}`,
        allItemsSelectionLabel: () => t.cases,
      }}
      columnDefinitions={caseColumns({ t, now, open, labels: labels.data, team: true, viewers: false })}
      empty={<Box textAlign="center">{t.empty}</Box>}
      footer={<LoadMore pages={pages} />}
    />
  );
}
