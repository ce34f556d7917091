import { createHash } from 'node:crypto';
import { DEFAULT_CRISIS_WORDS, likePatterns, matchesAny } from './crisis-terms';

/**
 * What detection watches. Keys are stable strings so new kinds slot in: `workspace` (everything),
 * `keywords:<set id>` (a saved keyword set), and `x-query:<channel id>:<query hash>` (the hits of one
 * X listening query of one channel).
 */
export interface Topic {
  key: string;
  name: string;
  /** null: every message is in the topic. */
  keywords: string[] | null;
  /** Set for a listening query's topic: only that query's hits count, no messages. */
  listening?: ListeningQuery;
}

/** One listening query of one channel. */
export interface ListeningQuery {
  channelId: string;
  query: string;
}

/** Timeline events that are listening hits: someone's public words about the brand, scored. */
export const LISTENING_EVENT_KINDS: readonly string[] = ['x.mention'];

const LISTENING_PREFIX = 'x-query:';

export function listeningTopicKey(q: ListeningQuery): string {
  return `${LISTENING_PREFIX}${q.channelId}:${queryHash(q.query)}`;
}

function queryHash(query: string): string {
  return createHash('sha256').update(query).digest('hex').slice(0, 12);
}

/** The channel id of an `x-query:` topic key, else undefined. */
export function listeningChannelOf(topicKey: string): string | undefined {
  if (!topicKey.startsWith(LISTENING_PREFIX)) return undefined;
  const channelId = topicKey.slice(LISTENING_PREFIX.length).split(':')[0];
  return channelId || undefined;
}

/** A channel's listening queries from its stored configuration (`config.queries`). */
export function listeningQueriesOf(queries: unknown): string[] {
  return Array.isArray(queries) ? queries.filter((q): q is string => typeof q === 'string') : [];
}

export function listeningTopicName(query: string, channelName: string | null): string {
  return channelName === null ? `X listening: "${query}"` : `X listening: "${query}" (${channelName})`;
}

/** The topic of each distinct listening query among a batch's hits. */
export function listeningTopics(hits: { listening?: ListeningQuery }[]): Topic[] {
  const topics = new Map<string, Topic>();
  for (const h of hits) {
    if (!h.listening) continue;
    const key = listeningTopicKey(h.listening);
    if (!topics.has(key)) {
      topics.set(key, {
        key,
        name: listeningTopicName(h.listening.query, null),
        keywords: null,
        listening: h.listening,
      });
    }
  }
  return [...topics.values()];
}

export const WORKSPACE_TOPIC: Topic = { key: 'workspace', name: 'Whole workspace', keywords: null };

const KEYWORD_PREFIX = 'keywords:';

export function keywordTopicKey(setId: string): string {
  return `${KEYWORD_PREFIX}${setId}`;
}

export interface TopicPlan {
  topics: Topic[];
  crisisWords: readonly string[];
}

export function planTopics(sets: { id: string; name: string; purpose: string; keywords: string[] }[]): TopicPlan {
  const crisis = sets.filter((s) => s.purpose === 'crisis').flatMap((s) => s.keywords);
  return {
    topics: [
      WORKSPACE_TOPIC,
      ...sets
        .filter((s) => s.purpose === 'topic' && s.keywords.length > 0)
        .map((s) => ({ key: keywordTopicKey(s.id), name: s.name, keywords: s.keywords })),
    ],
    crisisWords: crisis.length > 0 ? crisis : DEFAULT_CRISIS_WORDS,
  };
}

export function topicPatterns(topic: Topic): string[] | null {
  return topic.keywords === null ? null : likePatterns(topic.keywords);
}

/** Whether a message or listening hit belongs to a topic. */
export function inTopic(topic: Topic, item: { text: string; listening?: ListeningQuery }): boolean {
  if (topic.listening) {
    return item.listening?.channelId === topic.listening.channelId && item.listening.query === topic.listening.query;
  }
  return topic.keywords === null || matchesAny(item.text, topic.keywords);
}

/** What a topic's readable name is built from: the workspace's keyword sets and channels as they are now. */
export interface TopicNameSources {
  /** Keyword set id → name. */
  keywordSets: ReadonlyMap<string, string>;
  /** Channel id → name and listening queries. */
  channels: ReadonlyMap<string, { name: string; queries: readonly string[] }>;
}

/**
 * A topic key's readable name from the current keyword sets and channel configuration; for a keyword
 * set or listening query removed since, the name stored when the alert opened (`stored`), else a
 * generic one that still says what kind of topic it was.
 */
export function topicDisplayName(key: string, sources: TopicNameSources, stored: string | null): string {
  if (key === WORKSPACE_TOPIC.key) return WORKSPACE_TOPIC.name;
  if (key.startsWith(KEYWORD_PREFIX)) {
    return sources.keywordSets.get(key.slice(KEYWORD_PREFIX.length)) ?? stored ?? 'Keyword set (removed)';
  }
  const channelId = listeningChannelOf(key);
  if (channelId !== undefined) {
    const channel = sources.channels.get(channelId);
    const query = channel?.queries.find((q) => listeningTopicKey({ channelId, query: q }) === key);
    if (channel && query !== undefined) return listeningTopicName(query, channel.name);
    return stored ?? `X listening: removed query${channel ? ` (${channel.name})` : ''}`;
  }
  return stored ?? key;
}
