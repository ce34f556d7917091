import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '@scrm/config';
import { ConnectorStateRepository } from './connector-state.repository';

/** Deletes expired connector state (claimed nonces, stale tokens) so the table stays small. */
@Injectable()
export class ConnectorStateSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ConnectorStateSweeper');
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly repo: ConnectorStateRepository,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.runsWorker) return;
    this.timer = setInterval(() => {
      this.repo.purgeExpired(5000).catch((err: unknown) => this.logger.warn(`purge failed: ${String(err)}`));
    }, 60_000);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
