import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type MessageDirection = 'in' | 'out';
export type DeliveryStatus = 'pending' | 'sent' | 'failed';

export interface MessageAttachment {
  url: string;
  type?: string;
  name?: string;
  size?: number;
  contentType?: string;
  /** A platform media reference still to download (see the connector SDK's Attachment). */
  mediaRef?: string;
  status?: 'pending' | 'unavailable';
  error?: string;
}

/**
 * A message in a conversation. `sentAt` is the platform's event time; `createdAt` is when Murmur
 * stored it. Inbound messages are unique per channel on the platform's message id.
 */
@Entity({ name: 'message' })
@Index('uq_message_platform_id', ['workspaceId', 'channelId', 'platformMessageId'], { unique: true })
@Index('ix_message_conversation', ['workspaceId', 'conversationId', 'sentAt', 'id'])
@Index('ix_message_event_time', ['workspaceId', 'sentAt'])
@Index('ix_message_author', ['workspaceId', 'authorIdentityId', 'sentAt'])
@Index('ix_message_search', { synchronize: false })
@Index('ix_message_unread', ['workspaceId', 'conversationId', 'createdAt'], { where: "direction = 'in'" })
@Index('ix_message_pending_outbound', ['deliveryStatus', 'createdAt'], { where: "delivery_status = 'pending'" })
export class MessageEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'workspace_id', type: 'uuid' })
  workspaceId!: string;

  @Column({ name: 'conversation_id', type: 'uuid' })
  conversationId!: string;

  @Column({ name: 'channel_id', type: 'uuid' })
  channelId!: string;

  @Column({ type: 'text' })
  direction!: MessageDirection;

  @Column({ name: 'author_identity_id', type: 'uuid', nullable: true })
  authorIdentityId!: string | null;

  @Column({ name: 'author_user_id', type: 'uuid', nullable: true })
  authorUserId!: string | null;

  @Column({ type: 'text', default: '' })
  text!: string;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  attachments!: MessageAttachment[];

  @Column({ name: 'platform_message_id', type: 'text', nullable: true })
  platformMessageId!: string | null;

  @Column({ name: 'sent_at', type: 'timestamptz' })
  sentAt!: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'delivery_status', type: 'text', nullable: true })
  deliveryStatus!: DeliveryStatus | null;

  @Column({ name: 'delivery_error', type: 'text', nullable: true })
  deliveryError!: string | null;

  @Column({ name: 'sentiment_label', type: 'text', nullable: true })
  sentimentLabel!: string | null;

  @Column({ name: 'sentiment_score', type: 'real', nullable: true })
  sentimentScore!: number | null;

  @Column({ name: 'sentiment_confidence', type: 'real', nullable: true })
  sentimentConfidence!: number | null;

  @Column({ name: 'sentiment_language', type: 'text', nullable: true })
  sentimentLanguage!: string | null;

  @Column({ name: 'sentiment_model', type: 'text', nullable: true })
  sentimentModel!: string | null;

  /** Set when the author's contact was erased: text and attachments are gone, the sentiment stays. */
  @Column({ name: 'erased_at', type: 'timestamptz', nullable: true })
  erasedAt!: Date | null;

  /** How many people the message can reach: the author's followers (X) or the group's size (WeChat). */
  @Column({ type: 'integer', nullable: true })
  reach!: number | null;

  /** Search tokens of `text`, kept by a database trigger (migration MessageSearch); never read or written here. */
  @Column({ name: 'search_vector', type: 'tsvector', nullable: true, select: false, insert: false, update: false })
  searchVector?: string | null;
}
