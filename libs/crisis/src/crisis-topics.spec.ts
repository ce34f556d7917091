import {
  inTopic,
  keywordTopicKey,
  listeningChannelOf,
  listeningTopicKey,
  listeningTopics,
  planTopics,
  topicDisplayName,
  WORKSPACE_TOPIC,
} from './crisis-topics';

describe('listening-query topics', () => {
  const q1 = { channelId: 'c1', query: 'murmurcrm' };
  const q2 = { channelId: 'c1', query: '喵喵 CRM' };

  it('gives each listening query of a channel one stable topic', () => {
    const topics = listeningTopics([{ listening: q1 }, { listening: q2 }, { listening: q1 }, {}]);
    expect(topics.map((t) => t.key)).toEqual([listeningTopicKey(q1), listeningTopicKey(q2)]);
    expect(topics[0]!.key).toMatch(/^x-query:c1:[0-9a-f]{12}$/);
    expect(listeningTopicKey({ channelId: 'c2', query: 'murmurcrm' })).not.toBe(topics[0]!.key);
    expect(topics[1]).toMatchObject({ name: 'X listening: "喵喵 CRM"', listening: q2 });
  });

  it('puts a hit in its own query’s topic and in the workspace and keyword topics, a message only in the latter', () => {
    const [queryTopic] = listeningTopics([{ listening: q1 }]);
    const keywordTopic = planTopics([{ id: 'k', name: 'Slow', purpose: 'topic', keywords: ['slow'] }]).topics[1]!;
    const hit = { text: 'murmurcrm is slow today', listening: q1 };
    const otherHit = { text: 'murmurcrm is slow today', listening: q2 };
    const message = { text: 'the app is slow' };
    expect(inTopic(queryTopic!, hit)).toBe(true);
    expect(inTopic(queryTopic!, otherHit)).toBe(false);
    expect(inTopic(queryTopic!, message)).toBe(false);
    expect(inTopic(WORKSPACE_TOPIC, hit)).toBe(true);
    expect(inTopic(keywordTopic, hit)).toBe(true);
    expect(inTopic(keywordTopic, message)).toBe(true);
  });
});

describe('readable topic names', () => {
  const q = { channelId: 'c1', query: 'murmurcrm' };
  const sources = {
    keywordSets: new Map([['k1', 'Delivery']]),
    channels: new Map([['c1', { name: 'Brand on X', queries: ['other', 'murmurcrm'] }]]),
  };

  it('names a listening query’s topic after its query and channel, and keyword topics after their set', () => {
    expect(topicDisplayName(listeningTopicKey(q), sources, null)).toBe('X listening: "murmurcrm" (Brand on X)');
    expect(topicDisplayName(keywordTopicKey('k1'), sources, null)).toBe('Delivery');
    expect(topicDisplayName('workspace', sources, null)).toBe('Whole workspace');
    expect(listeningChannelOf(listeningTopicKey(q))).toBe('c1');
    expect(listeningChannelOf(keywordTopicKey('k1'))).toBeUndefined();
  });

  it('falls back to the stored name once the query or set is gone, else to a generic readable one', () => {
    const gone = listeningTopicKey({ channelId: 'c1', query: 'removed' });
    expect(topicDisplayName(gone, sources, 'X listening: "removed" (Old name)')).toBe(
      'X listening: "removed" (Old name)',
    );
    expect(topicDisplayName(gone, sources, null)).toBe('X listening: removed query (Brand on X)');
    expect(topicDisplayName(listeningTopicKey({ channelId: 'c9', query: 'x' }), sources, null)).toBe(
      'X listening: removed query',
    );
    expect(topicDisplayName(keywordTopicKey('k2'), sources, 'Refunds')).toBe('Refunds');
    expect(topicDisplayName(keywordTopicKey('k2'), sources, null)).toBe('Keyword set (removed)');
  });
});
