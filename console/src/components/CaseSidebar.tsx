import Box from '@cloudscape-design/components/box';
import Container from '@cloudscape-design/components/container';
import Header from '@cloudscape-design/components/header';
import KeyValuePairs from '@cloudscape-design/components/key-value-pairs';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import type { CaseDetail, Target } from '../lib/api';
import { useStrings } from '../lib/i18n';
import { useSession } from '../lib/session';
import { formatDateTime, useNow } from '../lib/time';
import { CustomerPanel } from './CustomerPanel';
import { SlaCountdown } from './SlaCountdown';
import { TriagePanel } from './TriagePanel';

/** Triage, what the plan promises on this case and where each promise stands, Sev-1 status, the customer. */
export function CaseSidebar({ detail: c }: { detail: CaseDetail }) {
  const t = useStrings();
  const { me } = useSession();
  const now = useNow();
  const at = (iso: string | undefined) => (iso ? formatDateTime(iso, me.language) : '—');
  return (
    <SpaceBetween size="m">
      <TriagePanel detail={c} />
      <Container header={<Header variant="h2">{t.targets}</Header>}>
        <SpaceBetween size="s">
          {c.nextTarget && <SlaCountdown target={c.nextTarget} now={now} />}
          {(c.sla?.targets ?? []).map((target) => (
            <TargetLine key={target.id} target={target} language={me.language} />
          ))}
        </SpaceBetween>
      </Container>
      {c.sev1 && (
        <Container header={<Header variant="h2">{t.sev1}</Header>}>
          <KeyValuePairs
            columns={1}
            items={[
              { label: t.callbackDue, value: at(c.sev1.callbackDueAt) },
              {
                label: t.acknowledged,
                value: c.sev1.acknowledgedAt ? `${at(c.sev1.acknowledgedAt)} · ${c.sev1.acknowledgedBy}` : '—',
              },
              { label: t.calledBack, value: at(c.sev1.calledBackAt) },
              {
                label: t.paged,
                value: Object.values(c.sev1.pages)
                  .map((p) => `${p.recipient} (${at(p.sentAt ?? p.createdAt)})`)
                  .join(', '),
              },
              ...(c.sev1.stoppedAt
                ? [{ label: t.escalationStopped, value: `${at(c.sev1.stoppedAt)} · ${c.sev1.stoppedBy ?? ''}` }]
                : []),
            ]}
          />
        </Container>
      )}
      <CustomerPanel detail={c} />
    </SpaceBetween>
  );
}

function TargetLine({ target, language }: { target: Target; language: string }) {
  const t = useStrings();
  const state = target.stoppedAt ? (target.stoppedAt <= target.dueAt ? 'met' : 'missed') : 'running';
  return (
    <div>
      <StatusIndicator type={state === 'met' ? 'success' : state === 'missed' ? 'error' : 'in-progress'}>
        {target.label} · {t[state]} · {formatDateTime(target.dueAt, language)}
      </StatusIndicator>
      <Box variant="small" color="text-body-secondary">
        {target.explanation}
      </Box>
    </div>
  );
}
