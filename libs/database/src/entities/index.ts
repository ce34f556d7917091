import { AgentPresenceEntity } from './agent-presence.entity';
import { AssignmentPolicyEntity } from './assignment-policy.entity';
import { CannedResponseEntity } from './canned-response.entity';
import { ChannelEntity } from './channel.entity';
import { ContactEntity } from './contact.entity';
import { ConversationEntity } from './conversation.entity';
import { ConversationLabelEntity } from './conversation-label.entity';
import { ConversationNoteEntity } from './conversation-note.entity';
import { IdentityEntity } from './identity.entity';
import { InboundEventEntity } from './inbound-event.entity';
import { LabelEntity } from './label.entity';
import { MessageEntity } from './message.entity';
import { TimelineEventEntity } from './timeline-event.entity';
import { UserEntity } from './user.entity';
import { WorkspaceMemberEntity } from './workspace-member.entity';
import { WorkspaceEntity } from './workspace.entity';

export * from './agent-presence.entity';
export * from './assignment-policy.entity';
export * from './canned-response.entity';
export * from './channel.entity';
export * from './contact.entity';
export * from './conversation.entity';
export * from './conversation-label.entity';
export * from './conversation-note.entity';
export * from './identity.entity';
export * from './inbound-event.entity';
export * from './label.entity';
export * from './message.entity';
export * from './timeline-event.entity';
export * from './user.entity';
export * from './workspace-member.entity';
export * from './workspace.entity';

export const ENTITIES = [
  WorkspaceEntity,
  UserEntity,
  WorkspaceMemberEntity,
  ChannelEntity,
  ContactEntity,
  IdentityEntity,
  ConversationEntity,
  MessageEntity,
  TimelineEventEntity,
  InboundEventEntity,
  LabelEntity,
  ConversationLabelEntity,
  CannedResponseEntity,
  ConversationNoteEntity,
  AssignmentPolicyEntity,
  AgentPresenceEntity,
];
