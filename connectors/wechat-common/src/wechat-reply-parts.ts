import type { ConnectorStore } from '@scrm/connector-sdk';

/** How long a sent part is remembered: longer than any retry of the send job. */
const PART_MEMORY_MS = 7 * 24 * 3600_000;

/**
 * WeChat sends a reply's text and each image as separate messages. When a later part fails, the job
 * is retried; the parts that already went out are remembered per message, so a retry sends only what
 * is missing and the customer never gets the text twice. Resolves each part's answer (a remembered
 * part's stored answer).
 */
export async function sendPartsOnce<T>(
  store: ConnectorStore,
  messageId: string,
  parts: (() => Promise<T>)[],
): Promise<T[]> {
  const answers: T[] = [];
  for (const [i, send] of parts.entries()) {
    const key = `reply-part:${messageId}:${i}`;
    const remembered = await store.get<{ answer: T }>(key);
    if (remembered) {
      answers.push(remembered.answer);
      continue;
    }
    const answer = await send();
    await store.set(key, { answer }, PART_MEMORY_MS);
    answers.push(answer);
  }
  return answers;
}
