import { createContext, useContext } from 'react';
import type { Me } from './api';

/** Who is signed in, and their console settings. */
export interface Session {
  me: Me;
  shortcutsOn: boolean;
  setShortcutsOn: (on: boolean) => void;
  showShortcuts: () => void;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside the signed-in console');
  return session;
}

/** The queues a user works: their teams; supervisors and admins see every team. */
export function queuesOf(me: Me, all: readonly string[]): string[] {
  return me.roles.some((r) => r === 'supervisor' || r === 'admin') ? [...all] : me.teams;
}
