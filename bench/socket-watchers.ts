/**
 * Child process of the benchmark: N socket.io clients of the benchmark workspace, recording when each
 * `message.created` arrives. Kept out of the sending process so its event loop does not delay sends.
 */
import { performance } from 'node:perf_hooks';
import { io, type Socket } from 'socket.io-client';

export type WatcherCommand =
  | { type: 'start'; url: string; token: string; clients: number }
  | { type: 'progress' }
  | { type: 'collect' }
  | { type: 'stop' };

export type WatcherReply =
  | { type: 'ready' }
  | { type: 'error'; message: string }
  | { type: 'progress'; complete: number; seen: number }
  | { type: 'report'; rows: [id: string, first: number, last: number, count: number][] };

const wallClock = (): number => performance.timeOrigin + performance.now();

interface Seen {
  first: number;
  last: number;
  count: number;
}

let sockets: Socket[] = [];
let expected = 0;
let seen = new Map<string, Seen>();
let complete = 0;

function send(reply: WatcherReply): void {
  process.send!(reply);
}

async function start(url: string, token: string, clients: number): Promise<void> {
  expected = clients;
  sockets = await Promise.all(
    Array.from(
      { length: clients },
      () =>
        new Promise<Socket>((resolve, reject) => {
          const s = io(url, { path: '/socket.io', auth: { token }, transports: ['websocket'], reconnection: false });
          s.on('message.created', (e: { message: { platformMessageId: string | null } }) => {
            const at = wallClock();
            const id = e.message.platformMessageId;
            if (!id) return;
            const entry = seen.get(id);
            if (!entry) {
              seen.set(id, { first: at, last: at, count: 1 });
              if (expected === 1) complete++;
              return;
            }
            entry.last = at;
            entry.count++;
            if (entry.count === expected) complete++;
          });
          s.once('connect', () => resolve(s));
          s.once('connect_error', reject);
        }),
    ),
  );
}

process.on('message', (cmd: WatcherCommand) => {
  switch (cmd.type) {
    case 'start':
      start(cmd.url, cmd.token, cmd.clients).then(
        () => send({ type: 'ready' }),
        (err: unknown) => send({ type: 'error', message: String(err) }),
      );
      break;
    case 'progress':
      send({ type: 'progress', complete, seen: seen.size });
      break;
    case 'collect': {
      const rows = [...seen].map(([id, s]): [string, number, number, number] => [id, s.first, s.last, s.count]);
      seen = new Map();
      complete = 0;
      send({ type: 'report', rows });
      break;
    }
    case 'stop':
      sockets.forEach((s) => s.disconnect());
      process.exit(0);
  }
});
