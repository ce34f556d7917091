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

export function listeningTopicKey(q: ListeningQuery): string {
  return `x-query:${q.channelId}:${createHash('sha256').update(q.query).digest('hex').slice(0, 12)}`;
}

/** The topic of each distinct listening query among a batch's hits. */
export function listeningTopics(hits: { listening?: ListeningQuery }[]): Topic[] {
  const topics = new Map<string, Topic>();
  for (const h of hits) {
    if (!h.listening) continue;
    const key = listeningTopicKey(h.listening);
    if (!topics.has(key)) {
      topics.set(key, { key, name: `X listening: ${h.listening.query}`, keywords: null, listening: h.listening });
    }
  }
  return [...topics.values()];
}

export const WORKSPACE_TOPIC: Topic = { key: 'workspace', name: 'Whole workspace', keywords: null };

export function keywordTopicKey(setId: string): string {
  return `keywords:${setId}`;
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
