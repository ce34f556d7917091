import { Injectable } from '@nestjs/common';
import { WorkerLoop } from '@scrm/common';
import { AppConfig } from '@scrm/config';
import { ConnectorStateRepository } from './connector-state.repository';

/** Deletes expired connector state (claimed nonces, stale tokens) so the table stays small. */
@Injectable()
export class ConnectorStateSweeper extends WorkerLoop {
  constructor(
    private readonly repo: ConnectorStateRepository,
    config: AppConfig,
  ) {
    super('ConnectorStateSweeper', { what: 'purge', enabled: config.runsWorker, intervalMs: 60_000 });
  }

  protected run(): Promise<unknown> {
    return this.repo.purgeExpired(5000);
  }
}
