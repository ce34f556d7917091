import { Module } from '@nestjs/common';
import { AppConfig } from '@scrm/config';
import { CHANNEL_CONNECTORS } from '@scrm/connector-sdk';
import { WebhookConnector } from '@scrm/connector-webhook';
import { XConnector } from '@scrm/connector-x';
import { WechatOfficialConnector } from '@scrm/connector-wechat-official';
import { WechatyConnector } from '@scrm/connector-wechaty';
import { WecomKfConnector } from '@scrm/connector-wecom-kf';
import { ChannelCache } from './channel-cache';
import { ChannelController } from './channel.controller';
import { ChannelRepository } from './channel.repository';
import { ChannelService } from './channel.service';
import { ConnectorStateRepository } from './connector-state.repository';
import { ConnectorStateSweeper } from './connector-state-sweeper.service';
import { ConnectorRegistry } from './connector-registry';

@Module({
  controllers: [ChannelController],
  providers: [
    {
      provide: CHANNEL_CONNECTORS,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => [
        new WebhookConnector(config.webhookToleranceSeconds),
        new XConnector(),
        new WechatOfficialConnector(),
        new WecomKfConnector(),
        new WechatyConnector({ maxAttachmentBytes: config.attachmentMaxBytes }),
      ],
    },
    ConnectorRegistry,
    ChannelCache,
    ChannelRepository,
    ChannelService,
    ConnectorStateRepository,
    ConnectorStateSweeper,
  ],
  exports: [ChannelService],
})
export class ChannelsModule {}
