import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { XApiFake } from './fakes/x-api-fake';
import { ApiClient, ROOT, freePort, stopProcess } from './support/murmur-harness';
import { waitFor } from './support/test-services';

jest.setTimeout(300_000);

/**
 * The embedded default (one process, PGlite, in-process queue, no Redis) runs live sessions too: an X
 * channel polls, leases and stores its cursors in the embedded database.
 */
describe('X channel in the embedded all-in-one process', () => {
  let dataDir: string;
  let child: ChildProcess;
  let client: ApiClient;
  let fake: XApiFake;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'murmur-x-'));
    fake = new XApiFake('100');
    fake.addUser({ id: '200', name: 'Alice', username: 'alice' });
    await fake.start();
    const port = await freePort();
    // PGlite needs a real process (it loads its engine with a dynamic import). Its first boot creates
    // and migrates the database, which on a loaded machine takes longer than the harness waits.
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      MURMUR_SEED_DEMO: 'true',
      MURMUR_ADMIN_EMAIL: 'admin@embedded.test',
      MURMUR_ADMIN_PASSWORD: 'correct horse battery staple',
      SESSION_RECONCILE_MS: '200',
      LOG_LEVEL: 'warn',
    };
    child = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/api/src/main.ts', '--with-worker'], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    await waitFor(
      'the embedded process',
      async () => {
        if (child.exitCode !== null) throw new Error(`exited early:\n${out}`);
        return /Murmur is running at/.test(out);
      },
      240_000,
      200,
    );
    client = new ApiClient(`http://127.0.0.1:${port}`);
    await client.login('admin@embedded.test', 'correct horse battery staple');
  });

  afterAll(async () => {
    if (child) await stopProcess(child);
    await fake?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('polls mentions and DMs into the inbox', async () => {
    const post = fake.addPost({ text: '@brand hi', author_id: '200', mentions: ['100'] });
    fake.addDm({ text: 'dm hi', sender_id: '200', dm_conversation_id: '100-200' });
    const created = await client.call<{ id: string }>('POST', '/api/v1/channels', {
      type: 'x',
      name: 'X',
      config: {
        appKey: 'k',
        appSecret: 's',
        accessToken: 't',
        accessSecret: 'a',
        userId: '100',
        apiBaseUrl: fake.url,
        pollSeconds: 1,
      },
    });
    expect(created.status).toBe(201);
    const list = await waitFor(
      'two conversations',
      async () => {
        const r = await client.call<{ items: { threadKey: string }[] }>('GET', '/api/v1/conversations');
        return r.body.items?.length === 2 ? r.body.items : undefined;
      },
      60_000,
    );
    expect(list.map((c) => c.threadKey).sort()).toEqual(['dm:100-200', `post:${post.id}`]);
    await waitFor('online', async () => {
      const c = await client.call<{ status: string }>('GET', `/api/v1/channels/${created.body.id}`);
      return c.body.status === 'online';
    });
    expect(fake.violations).toEqual([]);
  });
});
