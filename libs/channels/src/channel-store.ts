import type { ConnectorStore } from '@scrm/connector-sdk';
import type { ConnectorStateRepository } from './connector-state.repository';

/** The `ConnectorStore` a connector sees: the state repository bound to one channel. */
export class ChannelStore implements ConnectorStore {
  constructor(
    private readonly repo: ConnectorStateRepository,
    private readonly workspaceId: string,
    private readonly channelId: string,
  ) {}

  async get<T>(key: string): Promise<T | undefined> {
    return (await this.repo.get(this.workspaceId, this.channelId, key)) as T | undefined;
  }

  async getMany<T>(keys: string[]): Promise<Map<string, T>> {
    return (await this.repo.getMany(this.workspaceId, this.channelId, keys)) as Map<string, T>;
  }

  set(key: string, value: unknown, ttlMs?: number): Promise<void> {
    return this.repo.set(this.workspaceId, this.channelId, key, value, ttlMs);
  }

  claim(key: string, value: string, ttlMs: number): Promise<{ claimed: boolean; value: string }> {
    return this.repo.claim(this.workspaceId, this.channelId, key, value, ttlMs);
  }

  addUpTo(key: string, delta: number, max: number, ttlMs?: number): Promise<number | null> {
    return this.repo.addUpTo(this.workspaceId, this.channelId, key, delta, max, ttlMs);
  }

  delete(key: string): Promise<void> {
    return this.repo.delete(this.workspaceId, this.channelId, key);
  }
}
