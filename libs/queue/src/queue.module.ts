import { Global, Inject, Logger, Module, type BeforeApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { AppConfig } from '@scrm/config';
import { RedisConnections } from '@scrm/redis';
import { BullmqDriver } from './bullmq.driver';
import { InProcessDriver } from './in-process.driver';
import { QUEUE_DRIVER, QueueService } from './queue.service';
import { QueueWorkers } from './queue-workers.service';
import type { QueueDriver } from './queue-driver';

/** BullMQ when REDIS_URL is set; otherwise the in-process driver running the same processors. */
@Global()
@Module({
  imports: [DiscoveryModule],
  providers: [
    {
      provide: QUEUE_DRIVER,
      inject: [AppConfig, RedisConnections],
      useFactory: (config: AppConfig, redis: RedisConnections): QueueDriver => {
        if (redis.enabled) {
          return new BullmqDriver(() => redis.create('queue'), `${config.redisPrefix}:bull`, config.queueLockMs);
        }
        const logger = new Logger('Queue');
        return new InProcessDriver((job, err, willRetry) =>
          logger.warn(
            `${job} failed${willRetry ? ', will retry' : ''}: ${err instanceof Error ? err.message : String(err)}`,
          ),
        );
      },
    },
    QueueService,
    QueueWorkers,
  ],
  exports: [QueueService],
})
export class QueueModule implements OnModuleInit, BeforeApplicationShutdown {
  constructor(
    @Inject(QUEUE_DRIVER) private readonly driver: QueueDriver,
    private readonly redis: RedisConnections,
  ) {}

  async onModuleInit(): Promise<void> {
    if (this.redis.enabled) {
      const probe = this.redis.create('queue-check');
      try {
        await this.redis.assertSafeForQueues(probe);
      } finally {
        probe.disconnect();
      }
    }
  }

  /** Graceful shutdown: in-flight jobs finish before the connections close. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.driver.close();
  }
}
