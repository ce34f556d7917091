import type { ConnectorStore } from '@scrm/connector-sdk';
import { sendPartsOnce, sentParts } from './wechat-reply-parts';

function memoryStore(): ConnectorStore {
  const values = new Map<string, unknown>();
  return {
    get: <T>(key: string) => Promise.resolve(values.get(key) as T | undefined),
    getMany: () => Promise.reject(new Error('unused')),
    set: (key: string, value: unknown) => {
      values.set(key, JSON.parse(JSON.stringify(value)));
      return Promise.resolve();
    },
    claim: () => Promise.reject(new Error('unused')),
    addUpTo: () => Promise.reject(new Error('unused')),
    delete: (key: string) => {
      values.delete(key);
      return Promise.resolve();
    },
  };
}

describe('sendPartsOnce', () => {
  it('resends only the parts that did not go out when a retry follows a failure', async () => {
    const store = memoryStore();
    const sent: string[] = [];
    let imageFails = true;
    const parts = [
      () => {
        sent.push('text');
        return Promise.resolve('msg-text');
      },
      () => {
        if (imageFails) return Promise.reject(new Error('upload failed'));
        sent.push('image');
        return Promise.resolve('msg-image');
      },
    ];
    await expect(sendPartsOnce(store, 'm1', parts)).rejects.toThrow('upload failed');
    // What went out already (a reply limit counts only the rest).
    const already = await sentParts<string>(store, 'm1', parts.length);
    expect(already).toEqual([{ answer: 'msg-text' }, undefined]);
    imageFails = false;
    await expect(sendPartsOnce(store, 'm1', parts, already)).resolves.toEqual(['msg-text', 'msg-image']);
    expect(sent).toEqual(['text', 'image']);
    // Another message starts from scratch.
    await sendPartsOnce(store, 'm2', parts);
    expect(sent).toEqual(['text', 'image', 'text', 'image']);
  });
});
