import { Module } from '@nestjs/common';
import { ChannelsModule } from '@scrm/channels';
import { CrisisModule } from '@scrm/crisis';
import { IdentityModule } from '@scrm/identity';
import { InboxModule } from '@scrm/inbox';
import { MessageSentimentModule } from '@scrm/message-sentiment';
import { TimelineModule } from '@scrm/timeline';
import { AttachmentController } from './attachment.controller';
import { AttachmentService } from './attachment.service';
import { ConversationAttachmentController } from './conversation-attachment.controller';
import { ChannelEventRecorder } from './channel-event-recorder.service';
import { InboundController } from './inbound.controller';
import { InboundPushMiddleware } from './inbound-push.middleware';
import { InboundRepository } from './inbound.repository';
import { CrisisPendingRepository } from './crisis-pending.repository';
import { InboundMessageRepository } from './inbound-message.repository';
import { InboundStager } from './inbound-stager';
import { IngestPipeline } from './ingest-pipeline.service';
import { IngestProcessor } from './ingest.processor';
import { IngestService } from './ingest.service';
import { IngestSweeper } from './ingest-sweeper.service';
import { MediaFetchProcessor } from './media-fetch.processor';
import { MediaFetchService } from './media-fetch.service';

@Module({
  imports: [ChannelsModule, CrisisModule, IdentityModule, InboxModule, MessageSentimentModule, TimelineModule],
  controllers: [InboundController, AttachmentController, ConversationAttachmentController],
  providers: [
    AttachmentService,
    ChannelEventRecorder,
    InboundPushMiddleware,
    InboundRepository,
    CrisisPendingRepository,
    InboundMessageRepository,
    InboundStager,
    IngestService,
    IngestPipeline,
    IngestProcessor,
    IngestSweeper,
    MediaFetchProcessor,
    MediaFetchService,
  ],
  exports: [IngestService, IngestSweeper, ChannelEventRecorder, InboundPushMiddleware, AttachmentService],
})
export class IngestModule {}
