import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { io, type Socket } from 'socket.io-client';
import { accessToken, refreshTokens } from './api-client';

interface Realtime {
  socket: Socket | null;
  connected: boolean;
  /** Bumped on every (re)connection: views refetch what they show when it changes. */
  epoch: number;
}

const RealtimeContext = createContext<Realtime>({ socket: null, connected: false, epoch: 0 });

/**
 * One socket.io connection per signed-in workspace. The handshake reads the current access token each
 * time it connects, so a reconnect after a refresh uses the new token.
 */
export function RealtimeProvider({ workspaceId, children }: { workspaceId: string; children: ReactNode }): ReactNode {
  const [state, setState] = useState<Realtime>({ socket: null, connected: false, epoch: 0 });
  const epoch = useRef(0);
  useEffect(() => {
    const socket = io({
      path: '/socket.io',
      auth: (cb) => cb({ token: accessToken() ?? '' }),
      reconnectionDelayMax: 5000,
    });
    setState({ socket, connected: false, epoch: epoch.current });
    socket.on('connect', () => {
      epoch.current += 1;
      setState({ socket, connected: true, epoch: epoch.current });
    });
    socket.on('disconnect', () => setState((s) => ({ ...s, connected: false })));
    socket.on('connect_error', (err) => {
      // An expired access token: refresh it and try again (the server refuses the handshake otherwise).
      if (err.message.startsWith('unauthorized')) {
        void refreshTokens().then((ok) => {
          if (ok) socket.connect();
        });
      }
    });
    return () => {
      socket.disconnect();
    };
  }, [workspaceId]);
  return <RealtimeContext.Provider value={state}>{children}</RealtimeContext.Provider>;
}

export function useRealtime(): Realtime {
  return useContext(RealtimeContext);
}

/** Subscribes to one server event for the component's lifetime. */
export function useSocketEvent<T>(event: string, handler: (payload: T) => void): void {
  const { socket } = useRealtime();
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => {
    if (!socket) return;
    const h = (p: T): void => ref.current(p);
    socket.on(event, h);
    return () => {
      socket.off(event, h);
    };
  }, [socket, event]);
}
