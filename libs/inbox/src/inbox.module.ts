import { Module } from '@nestjs/common';
import { ChannelsModule } from '@scrm/channels';
import { SegmentsModule } from '@scrm/segments';
import { TimelineModule } from '@scrm/timeline';
import { WorkspaceModule } from '@scrm/workspace';
import { AssignmentController } from './assignment.controller';
import { AssignmentRepository } from './assignment.repository';
import { AssignmentService } from './assignment.service';
import { AttachmentRepository } from './attachment.repository';
import { CannedResponseController } from './canned-response.controller';
import { CannedResponseRepository } from './canned-response.repository';
import { CannedResponseService } from './canned-response.service';
import { ConversationController } from './conversation.controller';
import { ConversationRepository } from './conversation.repository';
import { ConversationService } from './conversation.service';
import { InboxPublisher } from './inbox-publisher';
import { LabelController } from './label.controller';
import { LabelRepository } from './label.repository';
import { LabelService } from './label.service';
import { MessageRepository } from './message.repository';
import { MoveToDmService } from './move-to-dm.service';
import { NoteController } from './note.controller';
import { NoteRepository } from './note.repository';
import { NoteService } from './note.service';
import { PresenceService } from './presence.service';
import { ReplyService } from './reply.service';
import { SnoozeSweeper } from './snooze-sweeper.service';

@Module({
  imports: [ChannelsModule, TimelineModule, WorkspaceModule, SegmentsModule],
  controllers: [
    ConversationController,
    LabelController,
    CannedResponseController,
    NoteController,
    AssignmentController,
  ],
  providers: [
    AttachmentRepository,
    ConversationRepository,
    MessageRepository,
    LabelRepository,
    CannedResponseRepository,
    NoteRepository,
    ConversationService,
    ReplyService,
    MoveToDmService,
    InboxPublisher,
    LabelService,
    CannedResponseService,
    NoteService,
    SnoozeSweeper,
    PresenceService,
    AssignmentRepository,
    AssignmentService,
  ],
  exports: [
    AttachmentRepository,
    ConversationService,
    InboxPublisher,
    ConversationRepository,
    MessageRepository,
    PresenceService,
    AssignmentService,
  ],
})
export class InboxModule {}
