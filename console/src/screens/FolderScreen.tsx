import Box from '@cloudscape-design/components/box';
import Header from '@cloudscape-design/components/header';
import Table from '@cloudscape-design/components/table';
import { useQuery } from '@tanstack/react-query';
import { api } from '../lib/api';
import { useStrings } from '../lib/i18n';
import { useSession } from '../lib/session';
import { formatDateTime } from '../lib/time';

interface HeldMail {
  id: string;
  receivedAt: string;
  from: string | null;
  subject: string | null;
  reason: string | null;
  expiresAt: string | null;
}

/** Held mail (spam, quarantine): what came in and why it was held; its text is never shown (R-BOX-10). */
export function FolderScreen({ folder }: { folder: string }) {
  const t = useStrings();
  const { me } = useSession();
  const held = useQuery({
    queryKey: ['folder', folder],
    queryFn: () => api<{ mail: HeldMail[] }>(`/folders/${encodeURIComponent(folder)}?limit=200`),
    refetchInterval: 5000,
  });
  return (
    <Table
      variant="full-page"
      header={
        <Header variant="awsui-h1-sticky" description={t.heldHint}>
          {folder === 'spam' ? t.heldSpam : t.heldQuarantine}
        </Header>
      }
      loading={held.isLoading}
      loadingText={t.loading}
      items={held.data?.mail ?? []}
      trackBy="id"
      columnDefinitions={[
        { id: 'at', header: 'Received', cell: (m) => formatDateTime(m.receivedAt, me.language) },
        { id: 'from', header: 'From', cell: (m) => m.from ?? '—' },
        { id: 'subject', header: t.subject, cell: (m) => m.subject ?? '—' },
        { id: 'reason', header: 'Reason', cell: (m) => m.reason ?? '—' },
      ]}
      empty={<Box textAlign="center">{t.empty}</Box>}
    />
  );
}
