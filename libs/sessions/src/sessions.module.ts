import { Module } from '@nestjs/common';
import { ChannelsModule } from '@scrm/channels';
import { IdentityModule } from '@scrm/identity';
import { InboxModule } from '@scrm/inbox';
import { IngestModule } from '@scrm/ingest';
import { MessageSentimentModule } from '@scrm/message-sentiment';
import { TimelineModule } from '@scrm/timeline';
import { ChannelStatusReporter } from './channel-status-reporter.service';
import { SessionLeaseRepository } from './session-lease.repository';
import { SessionRunner } from './session-runner.service';
import { SessionSendRouter } from './session-send-router.service';
import { SessionStateRepository } from './session-state.repository';

/** Long-lived connector sessions in worker processes: the lease, the runner, and outbound routing. */
@Module({
  imports: [ChannelsModule, IdentityModule, InboxModule, IngestModule, MessageSentimentModule, TimelineModule],
  providers: [SessionLeaseRepository, SessionStateRepository, SessionRunner, SessionSendRouter, ChannelStatusReporter],
  exports: [SessionRunner, SessionSendRouter, ChannelStatusReporter],
})
export class SessionsModule {}
