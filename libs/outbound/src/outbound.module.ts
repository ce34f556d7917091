import { Module } from '@nestjs/common';
import { ChannelsModule } from '@scrm/channels';
import { InboxModule } from '@scrm/inbox';
import { IngestModule } from '@scrm/ingest';
import { SessionsModule } from '@scrm/sessions';
import { OutboundProcessor } from './outbound.processor';
import { OutboundService } from './outbound.service';
import { OutboundSweeper } from './outbound-sweeper.service';

@Module({
  imports: [ChannelsModule, InboxModule, IngestModule, SessionsModule],
  providers: [OutboundService, OutboundProcessor, OutboundSweeper],
})
export class OutboundModule {}
