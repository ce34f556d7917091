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
 * When a client's socket falls behind a burst of events, engine.io hands its WebSocket transport the
 * queued packets together, and ws writes each one as its own frame with its own `writev` system call —
 * with many watchers of a busy inbox, most of the api's CPU. Corking the TCP socket around the hand-off
 * writes the same frames (every event still its own socket.io packet, in order) with one system call.
 */
export function coalesceWebSocketWrites(server: Server): void {
  const engine = server.engine as unknown as
    { on(event: 'connection', listener: (socket: EngineSocket) => void): void } | undefined;
  engine?.on('connection', (socket) => {
    corkBatches(socket.transport);
    socket.on('upgrade', (transport) => corkBatches(transport));
  });
}

function corkBatches(transport: EngineTransport): void {
  const tagged = transport as EngineTransport & { [COALESCED]?: true };
  if (transport.name !== 'websocket' || tagged[COALESCED]) return;
  const raw = transport.socket?._socket;
  if (!raw || typeof raw.cork !== 'function' || typeof raw.uncork !== 'function') return;
  tagged[COALESCED] = true;
  const send = transport.send.bind(transport);
  transport.send = (packets: unknown[]): void => {
    if (packets.length < 2) {
      send(packets);
      return;
    }
    raw.cork();
    try {
      send(packets);
    } finally {
      raw.uncork();
    }
  };
}
