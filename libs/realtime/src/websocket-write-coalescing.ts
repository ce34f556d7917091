import type { Server } from 'socket.io';

/** The parts of engine.io's transport and ws's socket this relies on (neither types them publicly). */
interface EngineTransport {
  name: string;
  send(packets: unknown[]): void;
  socket?: { _socket?: { cork(): void; uncork(): void } };
}
interface EngineSocket {
  transport: EngineTransport;
  on(event: 'upgrade', listener: (transport: EngineTransport) => void): void;
}

const COALESCED = Symbol('murmur.coalesced');

/**
 * Every event is one socket.io packet and one WebSocket frame, and ws writes each frame as soon as it
 * is handed one: a burst of events to a client (a batch of new messages, fanned out to every member
 * watching the inbox) became a `writev` system call per frame or per hand-off — with many watchers of a
 * busy inbox, most of the api's CPU. Here each client's hand-offs of one tick are held back to the end
 * of the tick and written with the TCP socket corked, so the burst goes out in one system call; every
 * event is still its own packet and frame, in the same order, and each hand-off still reports its
 * delivery to engine.io on its own.
 */
export function coalesceWebSocketWrites(server: Server): void {
  const engine = server.engine as unknown as
    { on(event: 'connection', listener: (socket: EngineSocket) => void): void } | undefined;
  engine?.on('connection', (socket) => {
    coalesceTick(socket.transport);
    socket.on('upgrade', (transport) => coalesceTick(transport));
  });
}

function coalesceTick(transport: EngineTransport): void {
  const tagged = transport as EngineTransport & { [COALESCED]?: true };
  if (transport.name !== 'websocket' || tagged[COALESCED]) return;
  const raw = transport.socket?._socket;
  if (!raw || typeof raw.cork !== 'function' || typeof raw.uncork !== 'function') return;
  tagged[COALESCED] = true;
  const send = transport.send.bind(transport);
  let held: unknown[][] = [];
  const writeHeld = (): void => {
    const batches = held;
    held = [];
    raw.cork();
    try {
      for (const packets of batches) send(packets);
    } finally {
      raw.uncork();
    }
  };
  transport.send = (packets: unknown[]): void => {
    if (held.length === 0) process.nextTick(writeHeld);
    held.push(packets);
  };
}
