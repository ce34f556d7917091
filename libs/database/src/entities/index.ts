import { AuditLogEntity } from './audit-log.entity';
import { ContactMergeEntity } from './contact-merge.entity';
import { ContactAttributeEntity } from './contact-attribute.entity';
import { ContactTagEntity } from './contact-tag.entity';
import { SegmentEntity } from './segment.entity';
import { TagEntity } from './tag.entity';
import { MergeSuggestionEntity } from './merge-suggestion.entity';
import { CrisisAlertEntity } from './crisis-alert.entity';
import { CrisisBucketEntity } from './crisis-bucket.entity';
import { CrisisPendingEntity } from './crisis-pending.entity';
import { CrisisDeliveryEntity } from './crisis-delivery.entity';
import { CrisisKeywordSetEntity } from './crisis-keyword-set.entity';
import { CrisisWebhookEntity } from './crisis-webhook.entity';
import { SentimentCorrectionEntity } from './sentiment-correction.entity';
import { AgentPresenceEntity } from './agent-presence.entity';
import { AssignmentPolicyEntity } from './assignment-policy.entity';
import { CannedResponseEntity } from './canned-response.entity';
import { ChannelEntity } from './channel.entity';
import { ChannelSessionLeaseEntity } from './channel-session-lease.entity';
import { ChannelSessionStateEntity } from './channel-session-state.entity';
import { AttachmentEntity } from './attachment.entity';
import { ConnectorStateEntity } from './connector-state.entity';
import { ContactEntity } from './contact.entity';
import { ConversationEntity } from './conversation.entity';
import { ConversationLabelEntity } from './conversation-label.entity';
import { ConversationNoteEntity } from './conversation-note.entity';
import { ConversationReadEntity } from './conversation-read.entity';
import { IdentityEntity } from './identity.entity';
import { InboundEventEntity } from './inbound-event.entity';
import { LabelEntity } from './label.entity';
import { MessageEntity } from './message.entity';
import { TimelineEventEntity } from './timeline-event.entity';
import { UserEntity } from './user.entity';
import { WorkspaceMemberEntity } from './workspace-member.entity';
import { WorkspaceEntity } from './workspace.entity';

export * from './audit-log.entity';
export * from './contact-merge.entity';
export * from './contact-attribute.entity';
export * from './contact-tag.entity';
export * from './segment.entity';
export * from './tag.entity';
export * from './merge-suggestion.entity';
export * from './crisis-alert.entity';
export * from './crisis-bucket.entity';
export * from './crisis-delivery.entity';
export * from './crisis-keyword-set.entity';
export * from './crisis-webhook.entity';
export * from './sentiment-correction.entity';
export * from './agent-presence.entity';
export * from './conversation-read.entity';
export * from './assignment-policy.entity';
export * from './canned-response.entity';
export * from './channel.entity';
export * from './channel-session-lease.entity';
export * from './channel-session-state.entity';
export * from './attachment.entity';
export * from './connector-state.entity';
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
  ContactMergeEntity,
  ContactAttributeEntity,
  TagEntity,
  ContactTagEntity,
  SegmentEntity,
  AuditLogEntity,
  MergeSuggestionEntity,
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
  CrisisAlertEntity,
  CrisisBucketEntity,
  CrisisPendingEntity,
  CrisisDeliveryEntity,
  CrisisKeywordSetEntity,
  CrisisWebhookEntity,
  SentimentCorrectionEntity,
  ChannelSessionLeaseEntity,
  ChannelSessionStateEntity,
  ConnectorStateEntity,
  AttachmentEntity,
  LabelEntity,
  ConversationLabelEntity,
  CannedResponseEntity,
  ConversationNoteEntity,
  AssignmentPolicyEntity,
  AgentPresenceEntity,
  ConversationReadEntity,
];
