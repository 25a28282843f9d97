import { createRootRoute, createRoute, createRouter, Navigate, useNavigate, useParams, useSearch } from '@tanstack/react-router';
import { SEARCH_KEYS, type SearchParams } from './lib/search-params';
import type { Me } from './lib/api';
import { queuesOf } from './lib/session';
import { TEAMS } from './lib/api';
import { lazy, Suspense } from 'react';
import { lastMonth, reportMonth, thisMonth } from './lib/report-month';
import { QueueScreen } from './screens/QueueScreen';
import { Shell } from './screens/Shell';

// The queue is the first screen; a case and the folders load when first opened (smaller first load).
const CaseScreen = lazy(() => import('./screens/CaseScreen').then((m) => ({ default: m.CaseScreen })));
const FolderScreen = lazy(() => import('./screens/FolderScreen').then((m) => ({ default: m.FolderScreen })));
const UsersScreen = lazy(() => import('./screens/UsersScreen').then((m) => ({ default: m.UsersScreen })));
const FiledScreen = lazy(() => import('./screens/FiledScreen').then((m) => ({ default: m.FiledScreen })));
const LabelsScreen = lazy(() => import('./screens/LabelsScreen').then((m) => ({ default: m.LabelsScreen })));
const CaseFoldersScreen = lazy(() =>
  import('./screens/CaseFoldersScreen').then((m) => ({ default: m.CaseFoldersScreen }))
);
const SearchScreen = lazy(() => import('./screens/SearchScreen').then((m) => ({ default: m.SearchScreen })));
const TimeReportsScreen = lazy(() => import('./screens/TimeReportsScreen').then((m) => ({ default: m.TimeReportsScreen })));
// The SLA and agent reports carry the chart library: it loads with them, never with the queue.
const SlaReportScreen = lazy(() => import('./screens/SlaReportScreen').then((m) => ({ default: m.SlaReportScreen })));
const AgentReportScreen = lazy(() => import('./screens/AgentReportScreen').then((m) => ({ default: m.AgentReportScreen })));
const MessageRulesScreen = lazy(() =>
  import('./screens/MessageRulesScreen').then((m) => ({ default: m.MessageRulesScreen }))
);
const SupportAddressesScreen = lazy(() =>
  import('./screens/SupportAddressesScreen').then((m) => ({ default: m.SupportAddressesScreen }))
);
const TemplatesScreen = lazy(() => import('./screens/TemplatesScreen').then((m) => ({ default: m.TemplatesScreen })));

/** The console's screens: queues, a case, search, held-mail folders, a label's or case folder's cases, admin; `/` opens the user's first queue. */
export function consoleRouter(me: Me) {
  const root = createRootRoute({ component: () => <Shell me={me} /> });
  const home = createRoute({
    getParentRoute: () => root,
    path: '/',
    component: () => <Navigate to="/queues/$queue" params={{ queue: queuesOf(me, TEAMS)[0] ?? 'all' }} replace />,
  });
  const queue = createRoute({
    getParentRoute: () => root,
    path: '/queues/$queue',
    component: function Queue() {
      const { queue: name } = useParams({ from: '/queues/$queue' });
      return <QueueScreen key={name} queue={name} />;
    },
  });
  const caseView = createRoute({
    getParentRoute: () => root,
    path: '/cases/$reference',
    component: function Case() {
      const { reference } = useParams({ from: '/cases/$reference' });
      return (
        <Suspense>
          <CaseScreen key={reference} reference={reference} />
        </Suspense>
      );
    },
  });
  const folder = createRoute({
    getParentRoute: () => root,
    path: '/folders/$folder',
    component: function Folder() {
      const { folder: name } = useParams({ from: '/folders/$folder' });
      return (
        <Suspense>
          <FolderScreen key={name} folder={name} />
        </Suspense>
      );
    },
  });
  const labelCases = createRoute({
    getParentRoute: () => root,
    path: '/labels/$label',
    component: function LabelCases() {
      const { label } = useParams({ from: '/labels/$label' });
      return (
        <Suspense>
          <FiledScreen key={label} kind="label" id={label} />
        </Suspense>
      );
    },
  });
  const folderCases = createRoute({
    getParentRoute: () => root,
    path: '/case-folders/$folder',
    component: function FolderCases() {
      const { folder: name } = useParams({ from: '/case-folders/$folder' });
      return (
        <Suspense>
          <FiledScreen key={name} kind="folder" id={name} />
        </Suspense>
      );
    },
  });
  const labels = createRoute({
    getParentRoute: () => root,
    path: '/admin/labels',
    component: () => (
      <Suspense>
        <LabelsScreen />
      </Suspense>
    ),
  });
  const caseFolders = createRoute({
    getParentRoute: () => root,
    path: '/admin/case-folders',
    component: () => (
      <Suspense>
        <CaseFoldersScreen />
      </Suspense>
    ),
  });
  const templates = createRoute({
    getParentRoute: () => root,
    path: '/templates',
    component: () => (
      <Suspense>
        <TemplatesScreen />
      </Suspense>
    ),
  });
  const users = createRoute({
    getParentRoute: () => root,
    path: '/users',
    component: () => (
      <Suspense>
        <UsersScreen />
      </Suspense>
    ),
  });
  const search = createRoute({
    getParentRoute: () => root,
    path: '/search',
    // Only the search's own parameters, each a string: the address is the search (shareable, back works).
    validateSearch: (raw: Record<string, unknown>): SearchParams =>
      Object.fromEntries(
        SEARCH_KEYS.flatMap((k) => (typeof raw[k] === 'string' || typeof raw[k] === 'number' ? [[k, String(raw[k])]] : []))
      ),
    component: function Search() {
      const params = useSearch({ from: '/search' });
      return (
        <Suspense>
          <SearchScreen params={params} />
        </Suspense>
      );
    },
  });
  const timeReports = createRoute({
    getParentRoute: () => root,
    path: '/reports/time',
    component: () => (
      <Suspense>
        <TimeReportsScreen />
      </Suspense>
    ),
  });
  const slaReport = createRoute({
    getParentRoute: () => root,
    path: '/reports/sla',
    validateSearch: reportMonth,
    component: function SlaReport() {
      const { month } = useSearch({ from: '/reports/sla' });
      const navigate = useNavigate();
      return (
        <Suspense>
          <SlaReportScreen month={month ?? lastMonth()} onMonth={(m) => void navigate({ to: '/reports/sla', search: { month: m } })} />
        </Suspense>
      );
    },
  });
  const agentReport = createRoute({
    getParentRoute: () => root,
    path: '/reports/agents',
    validateSearch: reportMonth,
    component: function AgentReport() {
      const { month } = useSearch({ from: '/reports/agents' });
      const navigate = useNavigate();
      return (
        <Suspense>
          <AgentReportScreen month={month ?? thisMonth()} onMonth={(m) => void navigate({ to: '/reports/agents', search: { month: m } })} />
        </Suspense>
      );
    },
  });
  const messageRules = createRoute({
    getParentRoute: () => root,
    path: '/message-rules',
    component: () => (
      <Suspense>
        <MessageRulesScreen />
      </Suspense>
    ),
  });
  const supportAddresses = createRoute({
    getParentRoute: () => root,
    path: '/support-addresses',
    component: () => (
      <Suspense>
        <SupportAddressesScreen />
      </Suspense>
    ),
  });
  return createRouter({ routeTree: root.addChildren([
      home,
      queue,
      caseView,
      folder,
      search,
      labelCases,
      folderCases,
      labels,
      caseFolders,
      templates,
      users,
      timeReports,
      slaReport,
      agentReport,
      messageRules,
      supportAddresses,
    ]) });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof consoleRouter>;
  }
}
