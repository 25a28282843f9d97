import Badge from '@cloudscape-design/components/badge';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import type { Message } from '../lib/api';
import { accessToken } from '../lib/auth';
import { useStrings } from '../lib/i18n';
import { useSession } from '../lib/session';
import { formatDateTime } from '../lib/time';
import { MailFrame } from './MailFrame';

/** Proven means DMARC passed for the From domain (aligned): only then may mail act on a case. */
const proven = (m: Message) => m.verdicts?.dmarc?.toUpperCase() === 'PASS';

/** One message of the thread: customer mail, our replies and notices, internal notes (set apart). */
export function MessageView({ caseId, message: m }: { caseId: string; message: Message }) {
  const t = useStrings();
  const { me } = useSession();
  const note = m.direction === 'INTERNAL';
  const text = <div className="message-text">{m.text}</div>;
  return (
    <article className={`message message-${note ? 'note' : m.direction.toLowerCase()}`} aria-label={`${m.from}, ${m.at}`}>
      <SpaceBetween size="xs">
        <SpaceBetween direction="horizontal" size="xs" alignItems="center">
          <Box fontWeight="bold">{m.from}</Box>
          <Box variant="small">
            <time dateTime={m.at}>{formatDateTime(m.at, me.language)}</time>
          </Box>
          {note ? <Badge color="severity-medium">{t.internal}</Badge> : <Badge>{m.kind}</Badge>}
          {m.mergedFrom && <Badge color="grey">{`${t.mergedFrom} ${m.mergedFrom}`}</Badge>}
          {m.direction === 'INBOUND' && m.verdicts && (
            <StatusIndicator type={proven(m) ? 'success' : 'warning'}>
              {proven(m) ? t.authenticated : t.notAuthenticated}
            </StatusIndicator>
          )}
        </SpaceBetween>
        {m.direction === 'INBOUND' && m.rawKey ? (
          <MailFrame caseId={caseId} messageId={m.id} title={`${m.from}: ${m.subject}`} fallback={text} />
        ) : (
          text
        )}
        {!!m.mentions?.length && (
          <Box variant="small" color="text-body-secondary">
            {t.mentionedTold} {m.mentions.map((x) => `@${x.name}`).join(', ')}
          </Box>
        )}
        {!!m.attachments?.length && (
          <SpaceBetween direction="horizontal" size="s">
            <Box variant="small">{t.attachments}:</Box>
            {m.attachments.map((a) => (
              <Button key={a.sha256} variant="inline-link" iconName="download" onClick={() => download(caseId, a)}>
                {a.filename ?? a.sha256.slice(0, 12)} ({Math.ceil(a.sizeBytes / 1024)} KB)
              </Button>
            ))}
          </SpaceBetween>
        )}
      </SpaceBetween>
    </article>
  );
}

/** Attachments are downloads, never shown inline; the API wants the agent's token, so fetch first. */
async function download(caseId: string, a: NonNullable<Message['attachments']>[number]): Promise<void> {
  const response = await fetch(`/api/cases/${caseId}/attachments/${a.sha256}`, {
    headers: { authorization: `Bearer ${await accessToken()}` },
  });
  if (!response.ok) return;
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = a.filename ?? a.sha256;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
