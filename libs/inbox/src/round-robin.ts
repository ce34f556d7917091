import type { AgentLoad } from './assignment.repository';

/**
 * The next agent in turn: agents are ordered by id, and the turn passes to the first one after the
 * last assignee who is below capacity (wrapping around). undefined when everyone is full or offline.
 */
export function nextInTurn(agents: AgentLoad[], lastAssigned: string | null, capacity: number): string | undefined {
  const free = agents.filter((a) => a.load < capacity).sort((a, b) => (a.userId < b.userId ? -1 : 1));
  if (free.length === 0) return undefined;
  const after = lastAssigned ? free.find((a) => a.userId > lastAssigned) : undefined;
  return (after ?? free[0]!).userId;
}
