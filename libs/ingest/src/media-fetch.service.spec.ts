import { ConnectorError } from '@scrm/connector-sdk';
import type { MessageAttachment } from '@scrm/database';
import { MediaFetchService } from './media-fetch.service';

const pending: MessageAttachment = { url: 'wecom-media:M', type: 'image', mediaRef: 'M', status: 'pending' };

function build(fetchMedia: (() => Promise<{ data: Buffer; contentType?: string }>) | undefined, hasChannel = true) {
  const saved: MessageAttachment[][] = [];
  const published: string[] = [];
  const service = new MediaFetchService(
    { manager: {} } as never,
    {
      find: () => Promise.resolve({ id: 'm1', channel_id: 'c1', attachments: [pending] }),
      updateAttachments: (_em: unknown, _ws: string, _id: string, a: MessageAttachment[]) => {
        saved.push(a);
        return Promise.resolve(true);
      },
    } as never,
    {
      resolve: () => Promise.resolve(hasChannel ? { context: {}, connector: fetchMedia ? { fetchMedia } : {} } : null),
    } as never,
    {
      maxBytes: 1000,
      store: (_ws: string, _ch: string, data: Buffer) =>
        Promise.resolve({ url: '/api/v1/attachments/a1', size: data.length, contentType: 'image/png' }),
    } as never,
    { messagesChanged: (_ws: string, ids: string[]) => Promise.resolve(void published.push(...ids)) } as never,
  );
  return { service, saved, published };
}

const ctx = (attempt: number, max = 3) => ({ attempt, maxAttempts: max, isFinalAttempt: attempt >= max });

describe('MediaFetchService', () => {
  it('stores the downloaded file and drops the platform reference', async () => {
    const { service, saved, published } = build(() =>
      Promise.resolve({ data: Buffer.from('png'), contentType: 'image/png' }),
    );
    await service.fetch('w1', 'm1', ctx(1));
    expect(saved).toEqual([[{ url: '/api/v1/attachments/a1', type: 'image', size: 3, contentType: 'image/png' }]]);
    expect(published).toEqual(['m1']);
  });

  it('marks expired media unavailable at once, with the reason', async () => {
    const { service, saved } = build(() =>
      Promise.reject(new ConnectorError('NOT_FOUND', 'WeCom errcode 40007: gone')),
    );
    await service.fetch('w1', 'm1', ctx(1));
    expect(saved[0]![0]).toMatchObject({ status: 'unavailable', error: 'NOT_FOUND: WeCom errcode 40007: gone' });
  });

  it('keeps a retryable failure pending and throws for a retry, then gives up on the last attempt', async () => {
    const busy = () => Promise.reject(new ConnectorError('TEMPORARY', 'busy'));
    const first = build(busy);
    await expect(first.service.fetch('w1', 'm1', ctx(1))).rejects.toThrow('busy');
    expect(first.saved[0]![0]).toMatchObject({ status: 'pending' });
    const last = build(busy);
    await last.service.fetch('w1', 'm1', ctx(3));
    expect(last.saved[0]![0]).toMatchObject({ status: 'unavailable', error: 'TEMPORARY: busy' });
  });

  it('marks the media unavailable when the channel is gone', async () => {
    const { service, saved } = build(undefined, false);
    await service.fetch('w1', 'm1', ctx(1));
    expect(saved[0]![0]).toMatchObject({ status: 'unavailable', error: expect.stringContaining('NOT_FOUND') });
  });
});
