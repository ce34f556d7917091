export { InboxGateway } from './inbox.gateway';
export * from './inbox.module';
export * from './inbox-publisher';
export * from './conversation.service';
export * from './inbox.mappers';
export {
  ConversationRepository,
  threadKeyOf,
  type InboundActivity,
  type ThreadInput,
  type ThreadRef,
} from './conversation.repository';
export { AttachmentRepository, type StoredAttachment } from './attachment.repository';
export { MessageRepository, messageViewSelect, MESSAGE_VIEW_FIELDS, type MessageRow } from './message.repository';
export { SnoozeSweeper } from './snooze-sweeper.service';
export { AssignmentService } from './assignment.service';
