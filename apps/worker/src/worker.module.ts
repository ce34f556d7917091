import { Module, type DynamicModule } from '@nestjs/common';
import { AppConfig, ConfigModule } from '@scrm/config';
import { CrisisModule } from '@scrm/crisis';
import { DatabaseModule } from '@scrm/database';
import { MessageSentimentModule } from '@scrm/message-sentiment';
import { IngestModule } from '@scrm/ingest';
import { OutboundModule } from '@scrm/outbound';
import { PrivacyModule } from '@scrm/privacy';
import { QueueModule } from '@scrm/queue';
import { RealtimeModule } from '@scrm/realtime';
import { RedisModule } from '@scrm/redis';
import { AuthModule } from '@scrm/auth';

/** The job-consuming process: ingest and outbound processors, their outbox sweepers, and retention. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule,
        RedisModule,
        QueueModule,
        RealtimeModule,
        AuthModule,
        IngestModule,
        OutboundModule,
        MessageSentimentModule,
        CrisisModule,
        PrivacyModule,
      ],
    };
  }
}
