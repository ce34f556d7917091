import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { RedisConnections } from '@scrm/redis';

const CACHE_MS = 5_000;

/**
 * Keeps inbound pushes' channel lookups off the database for a few seconds. A change on one node (a
 * deleted channel, a rotated secret) is told to every node over Redis, so no api node keeps accepting
 * pushes for a channel that is gone or signed with a secret that was replaced.
 */
@Injectable()
export class ChannelCache<T> implements OnApplicationBootstrap {
  private readonly entries = new Map<string, { at: number; value: T }>();
  private pub: Redis | undefined;

  constructor(private readonly redis: RedisConnections) {}

  private get topic(): string {
    return `${this.redis.prefix}:channels:changed`;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.redis.enabled) return;
    this.pub = this.redis.create('channels-pub');
    const sub = this.redis.create('channels-sub');
    sub.on('message', (_topic: string, channelId: string) => this.entries.delete(channelId));
    await sub.subscribe(this.topic);
  }

  get(channelId: string): T | undefined {
    const hit = this.entries.get(channelId);
    return hit && Date.now() - hit.at < CACHE_MS ? hit.value : undefined;
  }

  set(channelId: string, value: T): void {
    this.entries.set(channelId, { at: Date.now(), value });
  }

  /** Forgets a lookup that failed, here only, unless a newer one replaced it. */
  forget(channelId: string, value: T): void {
    if (this.entries.get(channelId)?.value === value) this.entries.delete(channelId);
  }

  /** Forgets the channel here and on every other node. */
  async invalidate(channelId: string): Promise<void> {
    this.entries.delete(channelId);
    await this.pub?.publish(this.topic, channelId);
  }
}
