import { createContext, useContext } from 'react';
import type { Channel, Me, Member } from './types';

/** Who is signed in and the workspace's reference data, loaded once per workspace. */
export interface Session {
  me: Me;
  channels: Channel[];
  members: Member[];
  canReply: boolean;
  canManage: boolean;
  reloadReference(): Promise<void>;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside a signed-in shell');
  return s;
}

export function memberName(members: Member[], userId: string | null): string | null {
  if (!userId) return null;
  const m = members.find((x) => x.userId === userId);
  return m ? m.name || m.email : null;
}
