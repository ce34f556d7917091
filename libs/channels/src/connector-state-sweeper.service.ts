import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { PeriodicTask } from '@scrm/common';
import { AppConfig } from '@scrm/config';
import { ConnectorStateRepository } from './connector-state.repository';

/** Deletes expired connector state (claimed nonces, stale tokens) so the table stays small. */
@Injectable()
export class ConnectorStateSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ConnectorStateSweeper');
  private readonly task = new PeriodicTask('purge', this.logger);

  constructor(
    private readonly repo: ConnectorStateRepository,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.runsWorker) return;
    this.task.start(60_000, () => this.repo.purgeExpired(5000));
  }

  onApplicationShutdown(): void {
    this.task.stop();
  }
}
