import Alert from '@cloudscape-design/components/alert';
import Badge from '@cloudscape-design/components/badge';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import ContentLayout from '@cloudscape-design/components/content-layout';
import ExpandableSection from '@cloudscape-design/components/expandable-section';
import Grid from '@cloudscape-design/components/grid';
import Header from '@cloudscape-design/components/header';
import Link from '@cloudscape-design/components/link';
import Modal from '@cloudscape-design/components/modal';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Tabs from '@cloudscape-design/components/tabs';
import type { TextareaProps } from '@cloudscape-design/components/textarea';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { CaseSidebar } from '../components/CaseSidebar';
import { Composer, type ComposerMode } from '../components/Composer';
import { LabelChips } from '../components/LabelChips';
import { MessageView } from '../components/MessageView';
import { WorkLog } from '../components/WorkLog';
import { useLabels } from '../lib/filing';
import { ApiError, api, type CaseDetail } from '../lib/api';
import { useStrings } from '../lib/i18n';
import { caseChannel, LIVE_POLL_MS, useLiveChannels } from '../lib/live';
import { usePresence } from '../lib/presence';
import { useSession } from '../lib/session';
import { useShortcuts } from '../lib/shortcuts';
import { formatDateTime } from '../lib/time';

const isOpen = (status: CaseDetail['status']) => status === 'OPEN' || status === 'WAITING_ON_CUSTOMER';

/** One case: its whole thread, what is owed and when, the customer, and the reply or note. */
export function CaseScreen({ reference }: { reference: string }) {
  const t = useStrings();
  const { me, shortcutsOn } = useSession();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [mode, setMode] = useState<ComposerMode>('reply');
  const [confirmResolve, setConfirmResolve] = useState(false);
  const composer = useRef<TextareaProps.Ref>(null);
  const [writing, setWriting] = useState(false);
  const [takeOver, setTakeOver] = useState(false);
  const onWriting = useCallback((w: boolean) => setWriting(w), []);
  const [caseTeam, setCaseTeam] = useState<CaseDetail['team']>();
  // What a colleague or the customer adds, and who is on the case, come on its live channel: the
  // case and its presence are re-read (a presence read is this console's own heartbeat).
  const live = useLiveChannels(caseTeam ? [caseChannel(caseTeam, reference)] : [], () => {
    void queryClient.invalidateQueries({ queryKey: ['case', reference] });
    void queryClient.invalidateQueries({ queryKey: ['presence'] });
  });
  const detail = useQuery({
    queryKey: ['case', reference],
    queryFn: () => api<CaseDetail>(`/cases/${encodeURIComponent(reference)}`),
    // Without the live channel, what changed shows within seconds; a refusal or a miss stays put.
    refetchInterval: (query) => (query.state.error ? false : live ? LIVE_POLL_MS : 2000),
  });
  useEffect(() => setCaseTeam(detail.data?.team), [detail.data?.team]);
  const labels = useLabels();
  const presence = usePresence(detail.data?.id, writing, takeOver, live);
  const others = (presence.data?.viewers ?? []).filter((v) => v.userId !== me.id);
  const lock = presence.data?.replyLock;
  const colleagueReplying = lock && lock.userId !== me.id ? lock : null;
  // A take-over is one act: once the lock is ours, later heartbeats only renew it.
  useEffect(() => {
    if (takeOver && lock?.userId === me.id) setTakeOver(false);
  }, [takeOver, lock, me.id]);
  const assignToMe = useMutation({
    mutationFn: () => api(`/cases/${encodeURIComponent(reference)}/assign`, { method: 'POST', body: { to: 'me' } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['case'] }),
  });
  const resolve = useMutation({
    mutationFn: () => api(`/cases/${encodeURIComponent(reference)}/resolve`, { method: 'POST', body: {} }),
    onSuccess: async () => {
      setConfirmResolve(false);
      await queryClient.invalidateQueries({ queryKey: ['case', reference] });
    },
  });
  const write = (next: ComposerMode) => {
    setMode(next);
    setTimeout(() => composer.current?.focus(), 0);
  };
  useShortcuts(
    shortcutsOn,
    useMemo(
      () => ({
        r: () => write('reply'),
        n: () => write('note'),
        e: () => setConfirmResolve(true),
        a: () => assignToMe.mutate(),
        u: () => navigate({ to: '/' }),
      }),
      // biome-ignore lint/correctness/useExhaustiveDependencies: write and navigate are stable enough
      []
    )
  );

  if (detail.error)
    return (
      <Box padding="l">
        <Alert type="error">{detail.error instanceof ApiError && detail.error.status < 500 ? t.caseNotFound : String(detail.error)}</Alert>
      </Box>
    );
  const c = detail.data;
  if (!c) return <Box padding="l">{t.loading}</Box>;
  // The composer keys its draft by the case id; the URL may name the case by reference.
  return (
    <ContentLayout
      header={
        <Header
          variant="h1"
          description={`${c.customerName ?? c.requester.email} · ${c.team} · ${formatDateTime(c.receivedAt, me.language)}${
            c.assignee ? ` · ${t.assignee}: ${c.assignee.name}` : ''
          }`}
          actions={
            isOpen(c.status) && (
              <Button onClick={() => setConfirmResolve(true)} ariaLabel={`${t.resolve} ${c.reference}`}>
                {t.resolve}
              </Button>
            )
          }
        >
          <SpaceBetween direction="horizontal" size="xs" alignItems="center">
            <span>{c.reference}</span>
            {c.severity === 'SEV1' ? <Badge color="severity-critical">{t.sev1}</Badge> : <Badge>{t.normal}</Badge>}
            <Badge color={isOpen(c.status) ? 'blue' : 'grey'}>{c.status.replaceAll('_', ' ').toLowerCase()}</Badge>
            <span className="case-subject">{c.subject}</span>
            <LabelChips ids={c.labels ?? []} labels={labels.data} />
            {c.spam && <Badge color="red">{t.spamCases}</Badge>}
          </SpaceBetween>
        </Header>
      }
    >
      <Grid gridDefinition={[{ colspan: { default: 12, s: 8 } }, { colspan: { default: 12, s: 4 } }]}>
        <SpaceBetween size="m">
          {c.mergedInto && (
            <Alert type="info" header={`${t.mergedInto} ${c.mergedInto.reference}`}>
              <Link
                href={`/cases/${c.mergedInto.reference}`}
                onFollow={(e) => {
                  e.preventDefault();
                  if (c.mergedInto) navigate({ to: '/cases/$reference', params: { reference: c.mergedInto.reference } });
                }}
              >
                {c.mergedInto.reference}
              </Link>
            </Alert>
          )}
          {c.unprovenThread && <Alert type="warning">{`${t.unprovenThread} (${c.unprovenThread.reference})`}</Alert>}
          {colleagueReplying && (
            <Alert
              type="warning"
              action={
                !takeOver && (
                  <Button onClick={() => setTakeOver(true)} ariaLabel={`${t.takeOver}: ${colleagueReplying.name}`}>
                    {t.takeOver}
                  </Button>
                )
              }
            >
              <span data-testid="reply-lock">{`${colleagueReplying.name} ${t.alreadyReplying}`}</span>
            </Alert>
          )}
          {others.length > 0 && (
            <Box variant="small" data-testid="viewers">
              {t.alsoHere}:{' '}
              {others.map((v) => `${v.name}${v.replying ? ` (${t.replyingNow})` : ''}`).join(', ')}
            </Box>
          )}
          <Container header={<Header variant="h2">{t.thread}</Header>}>
            <SpaceBetween size="m">
              {c.messages.map((m) => (
                <MessageView key={m.id} caseId={c.id} message={m} />
              ))}
            </SpaceBetween>
          </Container>
          {isOpen(c.status) && (
            <Container>
              <Tabs
                activeTabId={mode}
                onChange={({ detail: d }) => setMode(d.activeTabId as ComposerMode)}
                tabs={[
                  {
                    id: 'reply',
                    label: t.reply,
                    content: (
                      <Composer
                        ref={mode === 'reply' ? composer : undefined}
                        caseId={c.id}
                        team={c.team}
                        mode="reply"
                        signature={me.signature}
                        onWriting={onWriting}
                        takeOver={takeOver}
                        onTakeOver={() => setTakeOver(true)}
                      />
                    ),
                  },
                  {
                    id: 'note',
                    label: t.note,
                    content: <Composer ref={mode === 'note' ? composer : undefined} caseId={c.id} team={c.team} mode="note" />,
                  },
                ]}
              />
            </Container>
          )}
          {c.customerName && <WorkLog reference={c.reference} />}
          <ExpandableSection headerText={t.timeline} variant="container">
            <ol className="timeline">
              {c.timeline.map((entry, i) => (
                <li key={`${entry.at}-${i}`}>
                  <time dateTime={entry.at}>{formatDateTime(entry.at, me.language)}</time> {entry.summary}
                </li>
              ))}
            </ol>
          </ExpandableSection>
        </SpaceBetween>
        <CaseSidebar detail={c} />
      </Grid>
      <Modal
        visible={confirmResolve}
        onDismiss={() => setConfirmResolve(false)}
        header={`${t.resolve} ${c.reference}?`}
        footer={
          <Box float="right">
            <SpaceBetween direction="horizontal" size="xs">
              <Button variant="link" onClick={() => setConfirmResolve(false)}>
                {t.back}
              </Button>
              <Button variant="primary" loading={resolve.isPending} onClick={() => resolve.mutate()}>
                {t.resolve}
              </Button>
            </SpaceBetween>
          </Box>
        }
      >
        {resolve.error ? <Alert type="error">{String((resolve.error as Error).message)}</Alert> : c.subject}
      </Modal>
    </ContentLayout>
  );
}
