import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo, Socket as TcpSocket } from 'node:net';
import { Server, type Socket as ServerSocket } from 'socket.io';
import { io, type Socket } from 'socket.io-client';
import { coalesceWebSocketWrites } from '../libs/realtime/src/websocket-write-coalescing';

/** A real socket.io server and client on loopback, counting the server's writes to the TCP socket. */
async function start(coalesce: boolean): Promise<{
  http: HttpServer;
  server: Server;
  client: Socket;
  peer: ServerSocket;
  writes: () => number;
}> {
  const http = createServer();
  const server = new Server(http, { transports: ['websocket'] });
  if (coalesce) coalesceWebSocketWrites(server);
  const connected = new Promise<ServerSocket>((resolve) => server.on('connection', resolve));
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  const client = io(`http://127.0.0.1:${port}`, { transports: ['websocket'], reconnection: false });
  const peer = await connected;
  await new Promise<void>((resolve) => (client.connected ? resolve() : client.once('connect', () => resolve())));
  const raw = (peer.conn as unknown as { transport: { socket: { _socket: TcpSocket } } }).transport.socket._socket;
  let count = 0;
  const internals = raw as unknown as Record<'_write' | '_writev', (...args: unknown[]) => unknown>;
  for (const name of ['_write', '_writev'] as const) {
    const original = internals[name].bind(raw);
    internals[name] = (...args: unknown[]) => {
      count++;
      return original(...args);
    };
  }
  return { http, server, client, peer, writes: () => count };
}

function receive(client: Socket, n: number): Promise<number[]> {
  return new Promise((resolve) => {
    const got: number[] = [];
    client.on('tick', (i: number) => {
      got.push(i);
      if (got.length === n) resolve(got);
    });
  });
}

describe('WebSocket write coalescing (socket.io server ↔ socket.io-client on loopback)', () => {
  let stack: Awaited<ReturnType<typeof start>> | undefined;
  afterEach(async () => {
    if (!stack) return;
    const { client, server } = stack;
    stack = undefined;
    client.disconnect();
    await new Promise<void>((resolve) => {
      void server.close(() => resolve());
    });
  });

  /** Emits 50 events in one tick; checks they all arrive in order and returns the writes they took. */
  async function burst(s: Awaited<ReturnType<typeof start>>): Promise<number> {
    const got = receive(s.client, 50);
    const before = s.writes();
    for (let i = 0; i < 50; i++) s.peer.emit('tick', i);
    expect(await got).toEqual([...Array(50).keys()]);
    return s.writes() - before;
  }

  it('writes a burst of events emitted in one tick with one system call, every event in order', async () => {
    stack = await start(true);
    expect(await burst(stack)).toBe(1);
  });

  it('without it the same burst takes many writes (what the test above guards against)', async () => {
    stack = await start(false);
    expect(await burst(stack)).toBeGreaterThan(1);
  });

  it('keeps the order across ticks, acknowledgements and a disconnect with writes still held', async () => {
    stack = await start(true);
    const got = receive(stack.client, 30);
    for (let i = 0; i < 10; i++) stack.peer.emit('tick', i);
    await new Promise((resolve) => setImmediate(resolve));
    for (let i = 10; i < 20; i++) stack.peer.emit('tick', i);
    await Promise.resolve();
    for (let i = 20; i < 30; i++) stack.peer.emit('tick', i);
    expect(await got).toEqual([...Array(30).keys()]);

    stack.client.on('ping.me', (n: number, ack: (reply: number) => void) => ack(n + 1));
    await expect(stack.peer.timeout(10_000).emitWithAck('ping.me', 41)).resolves.toBe(42);

    const closed = new Promise<void>((resolve) => stack!.peer.on('disconnect', () => resolve()));
    stack.peer.emit('tick', 99);
    stack.peer.disconnect(true);
    await closed;
  });
});
