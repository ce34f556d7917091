import { Module } from '@nestjs/common';
import { TimelineModule } from '@scrm/timeline';
import { ConversationController } from './conversation.controller';
import { ConversationRepository } from './conversation.repository';
import { ConversationService } from './conversation.service';
import { InboxPublisher } from './inbox-publisher';
import { MessageRepository } from './message.repository';
import { ReplyService } from './reply.service';

@Module({
  imports: [TimelineModule],
  controllers: [ConversationController],
  providers: [ConversationRepository, MessageRepository, ConversationService, ReplyService, InboxPublisher],
  exports: [ConversationService, InboxPublisher, ConversationRepository, MessageRepository],
})
export class InboxModule {}

export { InboxGateway } from './inbox.gateway';
