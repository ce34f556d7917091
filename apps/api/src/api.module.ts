import { Module, type DynamicModule } from '@nestjs/common';
import { AuditModule } from '@scrm/audit';
import { AuthModule } from '@scrm/auth';
import { ChannelsModule } from '@scrm/channels';
import { AppConfig, ConfigModule } from '@scrm/config';
import { CrisisModule } from '@scrm/crisis';
import { DatabaseModule } from '@scrm/database';
import { MessageSentimentModule } from '@scrm/message-sentiment';
import { IdentityModule } from '@scrm/identity';
import { InboxGateway, InboxModule } from '@scrm/inbox';
import { IngestModule } from '@scrm/ingest';
import { OutboundModule } from '@scrm/outbound';
import { PrivacyModule } from '@scrm/privacy';
import { QueueModule } from '@scrm/queue';
import { RealtimeModule } from '@scrm/realtime';
import { RedisModule } from '@scrm/redis';
import { SegmentsModule } from '@scrm/segments';
import { SearchModule } from '@scrm/search';
import { WorkspaceModule } from '@scrm/workspace';
import { LOGGER, AllExceptionsFilter, createLogger } from '@scrm/common';
import { APP_FILTER } from '@nestjs/core';
import { DemoSeeder } from './demo-seeder.service';
import { HealthController } from './health.controller';
import { HealthService } from './health.service';

/** The HTTP + socket.io process. With role `all` it also consumes jobs (the embedded default). */
@Module({})
export class ApiModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule,
        RedisModule,
        QueueModule,
        RealtimeModule,
        AuthModule,
        WorkspaceModule,
        ChannelsModule,
        AuditModule,
        IdentityModule,
        SegmentsModule,
        PrivacyModule,
        InboxModule,
        IngestModule,
        OutboundModule,
        MessageSentimentModule,
        CrisisModule,
        SearchModule,
      ],
      controllers: [HealthController],
      providers: [
        { provide: LOGGER, useValue: createLogger(config.logLevel, 'murmur-api') },
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
        HealthService,
        DemoSeeder,
        InboxGateway,
      ],
    };
  }
}
