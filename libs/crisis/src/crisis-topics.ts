import { DEFAULT_CRISIS_WORDS, likePatterns, matchesAny } from './crisis-terms';

/**
 * What detection watches. Keys are stable strings so new kinds slot in: `workspace` (everything),
 * `keywords:<set id>` (a saved keyword set), and later `x-query:<listening query id>`.
 */
export interface Topic {
  key: string;
  name: string;
  /** null: every message is in the topic. */
  keywords: string[] | null;
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

export function inTopic(topic: Topic, text: string): boolean {
  return topic.keywords === null || matchesAny(text, topic.keywords);
}
