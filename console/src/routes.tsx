import { createRootRoute, createRoute, createRouter, Navigate, useParams } from '@tanstack/react-router';
import type { Me } from './lib/api';
import { queuesOf } from './lib/session';
import { TEAMS } from './lib/api';
import { CaseScreen } from './screens/CaseScreen';
import { FolderScreen } from './screens/FolderScreen';
import { QueueScreen } from './screens/QueueScreen';
import { Shell } from './screens/Shell';

/** The console's screens: queues, a case, held-mail folders; `/` opens the user's first queue. */
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
      return <CaseScreen key={reference} reference={reference} />;
    },
  });
  const folder = createRoute({
    getParentRoute: () => root,
    path: '/folders/$folder',
    component: function Folder() {
      const { folder: name } = useParams({ from: '/folders/$folder' });
      return <FolderScreen key={name} folder={name} />;
    },
  });
  return createRouter({ routeTree: root.addChildren([home, queue, caseView, folder]) });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof consoleRouter>;
  }
}
