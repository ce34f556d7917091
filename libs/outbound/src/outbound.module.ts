import { Module } from '@nestjs/common';
import { ChannelsModule } from '@scrm/channels';
import { InboxModule } from '@scrm/inbox';
import { SessionsModule } from '@scrm/sessions';
import { OutboundProcessor } from './outbound.processor';
import { OutboundService } from './outbound.service';
import { OutboundSweeper } from './outbound-sweeper.service';

@Module({
  imports: [ChannelsModule, InboxModule, SessionsModule],
  providers: [OutboundService, OutboundProcessor, OutboundSweeper],
})
export class OutboundModule {}
