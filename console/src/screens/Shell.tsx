import AppLayout from '@cloudscape-design/components/app-layout-toolbar';
import Box from '@cloudscape-design/components/box';
import Modal from '@cloudscape-design/components/modal';
import SideNavigation, { type SideNavigationProps } from '@cloudscape-design/components/side-navigation';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Toggle from '@cloudscape-design/components/toggle';
import TopNavigation from '@cloudscape-design/components/top-navigation';
import { Outlet, useNavigate, useRouterState } from '@tanstack/react-router';
import type { InputProps } from '@cloudscape-design/components/input';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { SearchBox } from '../components/SearchBox';
import { TEAMS, type Team } from '../lib/api';
import { signOut } from '../lib/auth';
import { COUNT_QUERIES, CountsLiveContext, SPAM_FOLDER, useCaseFolders, useLabels, useQueueCounts } from '../lib/filing';
import { useStrings } from '../lib/i18n';
import { queueChannel, useLiveChannels } from '../lib/live';
import { queuesOf, type Session, SessionContext } from '../lib/session';
import { useShortcuts, useShortcutsSetting } from '../lib/shortcuts';
import type { Me } from '../lib/api';

/** A burst of live messages is one re-read of the counts, this long after the last. */
const RECOUNT_MS = 250;
const PRESENCE_CHANGED = 'case.presence.changed';

/** The console's frame: top bar (search, who, shortcuts, sign out), the left rail of queues, the screen. */
export function Shell({ me }: { me: Me }) {
  const t = useStrings();
  const navigate = useNavigate();
  const path = useRouterState({ select: (s) => s.location.pathname });
  const [shortcutsOn, setShortcutsOn] = useShortcutsSetting(me.id);
  const [helpOpen, setHelpOpen] = useState(false);
  const [navOpen, setNavOpen] = useState(true);
  const session = useMemo<Session>(
    () => ({ me, shortcutsOn, setShortcutsOn, showShortcuts: () => setHelpOpen(true) }),
    [me, shortcutsOn, setShortcutsOn]
  );
  const searchRef = useRef<InputProps.Ref>(null);
  useShortcuts(
    shortcutsOn,
    useMemo(() => ({ '?': () => setHelpOpen(true), '/': () => searchRef.current?.focus() }), [])
  );

  // The rail's counts follow every case of the user's teams: a message on any team channel re-reads
  // them, once per burst (a storm of new mail is one re-read, not one per case).
  const queryClient = useQueryClient();
  const recount = useRef<ReturnType<typeof setTimeout>>(undefined);
  const countsLive = useLiveChannels(
    queuesOf(me, TEAMS).map((team) => queueChannel(team as Team)),
    (message) => {
      // Who is viewing a case changes no count (and changes often).
      if (message.type === PRESENCE_CHANGED) return;
      clearTimeout(recount.current);
      recount.current = setTimeout(() => {
        for (const queryKey of COUNT_QUERIES) void queryClient.invalidateQueries({ queryKey });
      }, RECOUNT_MS);
    }
  );
  useEffect(() => () => clearTimeout(recount.current), []);
  const counted = (name: string, count: number | string) => `${name} (${count})`;
  const queueCounts = useQueueCounts(countsLive);
  const queueLinks: SideNavigationProps.Item[] = queuesOf(me, TEAMS).map((team) => {
    const total = queueCounts.data?.get(team as Team);
    return { type: 'link', text: total === undefined ? team : counted(team, total), href: `/queues/${team}` };
  });
  const labels = useLabels(countsLive);
  const caseFolders = useCaseFolders(countsLive);
  // Case folders and labels: cases staff filed. Held mail (below) never became a case.
  const caseFolderLinks: SideNavigationProps.Item[] = (caseFolders.data ?? []).map((f) => ({
    type: 'link',
    text: counted(f.id === SPAM_FOLDER ? t.spamCases : f.name, f.count),
    href: `/case-folders/${encodeURIComponent(f.id)}`,
  }));
  const labelLinks: SideNavigationProps.Item[] = (labels.data ?? []).map((l) => ({
    type: 'link',
    text: counted(l.name, l.count),
    href: `/labels/${encodeURIComponent(l.id)}`,
    info: <span className={`label-dot label-${l.colour}`} aria-hidden="true" />,
  }));
  const heldLinks: SideNavigationProps.Item[] = me.folders.map((folder) => ({
    type: 'link',
    text: folder === 'spam' ? t.heldSpam : t.heldQuarantine,
    href: `/folders/${folder}`,
  }));
  const items: SideNavigationProps.Item[] = [
    { type: 'section', text: t.queues, items: [...queueLinks, { type: 'link', text: t.allCases, href: '/queues/all' }] },
    ...(caseFolderLinks.length ? [{ type: 'section' as const, text: t.caseFolders, items: caseFolderLinks }] : []),
    ...(labelLinks.length ? [{ type: 'section' as const, text: t.labels, items: labelLinks }] : []),
    ...(heldLinks.length ? [{ type: 'section' as const, text: t.heldMail, items: heldLinks }] : []),
    // Reports: supervisors and admins (reports:read); the API refuses anyone else.
    ...(me.permissions.includes('reports:read')
      ? [
          {
            type: 'section' as const,
            text: t.reports,
            items: [
              { type: 'link' as const, text: t.slaCompliance, href: '/reports/sla' },
              { type: 'link' as const, text: t.agentsAndTeams, href: '/reports/agents' },
              { type: 'link' as const, text: t.timeReports, href: '/reports/time' },
            ],
          },
        ]
      : []),
    { type: 'divider' },
    { type: 'link', text: t.templates, href: '/templates' },
    { type: 'link', text: t.manageLabels, href: '/admin/labels' },
    { type: 'link', text: t.manageFolders, href: '/admin/case-folders' },
    ...(me.permissions.includes('users:manage') ? [{ type: 'link' as const, text: t.users, href: '/users' }] : []),
    ...(me.permissions.includes('mail-settings:manage')
      ? [
          { type: 'link' as const, text: t.messageRules, href: '/message-rules' },
          { type: 'link' as const, text: t.supportAddresses, href: '/support-addresses' },
        ]
      : []),
  ];

  return (
    <SessionContext.Provider value={session}>
      <CountsLiveContext.Provider value={countsLive}>
      <div id="top-bar">
        <TopNavigation
          identity={{ href: '/', title: t.appName, onFollow: (e) => (e.preventDefault(), navigate({ to: '/' })) }}
          search={<SearchBox ref={searchRef} />}
          utilities={[
            { type: 'button', text: t.shortcuts, onClick: () => setHelpOpen(true) },
            {
              type: 'menu-dropdown',
              text: me.displayName,
              description: me.email,
              iconName: 'user-profile',
              items: [{ id: 'sign-out', text: t.signOut }],
              onItemClick: ({ detail }) => {
                if (detail.id === 'sign-out') void signOut();
              },
            },
          ]}
        />
      </div>
      <AppLayout
        headerSelector="#top-bar"
        toolsHide
        navigationOpen={navOpen}
        onNavigationChange={({ detail }) => setNavOpen(detail.open)}
        ariaLabels={{ navigation: t.queues, navigationClose: t.queues, navigationToggle: t.queues }}
        navigation={
          <SideNavigation
            activeHref={path}
            header={{ text: t.appName, href: '/' }}
            items={items}
            onFollow={(e) => {
              if (e.detail.external) return;
              e.preventDefault();
              void navigate({ to: e.detail.href });
            }}
          />
        }
        content={<Outlet />}
      />
      <Modal visible={helpOpen} onDismiss={() => setHelpOpen(false)} header={t.shortcuts}>
        <SpaceBetween size="m">
          <dl className="shortcut-list">
            {t.shortcutList.map(([keys, what]) => (
              <div key={keys}>
                <dt>
                  <kbd>{keys}</kbd>
                </dt>
                <dd>{what}</dd>
              </div>
            ))}
          </dl>
          <Toggle checked={shortcutsOn} onChange={({ detail }) => setShortcutsOn(detail.checked)}>
            {t.shortcutsOn}
          </Toggle>
          {!shortcutsOn && <Box variant="small">{t.shortcutsOff}</Box>}
        </SpaceBetween>
      </Modal>
      </CountsLiveContext.Provider>
    </SessionContext.Provider>
  );
}
