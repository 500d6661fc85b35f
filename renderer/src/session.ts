// What the screens after login know about the signed-in user, and how they end the session.
import { createContext, useContext } from 'react';
import type { SessionUser } from '../../common/contract';

export interface Session {
  user: SessionUser;
  /** The node's unit name from setup.status, shown in the header. */
  unitName: string;
  logout: () => Promise<void>;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside a signed-in screen');
  return s;
}
