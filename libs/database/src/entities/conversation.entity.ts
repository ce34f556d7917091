import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export type ConversationStatus = 'open' | 'pending' | 'snoozed' | 'resolved';
export const CONVERSATION_STATUSES: readonly ConversationStatus[] = ['open', 'pending', 'snoozed', 'resolved'];
export type ConversationPriority = 'none' | 'low' | 'medium' | 'high' | 'urgent';
export const CONVERSATION_PRIORITIES: readonly ConversationPriority[] = ['none', 'low', 'medium', 'high', 'urgent'];

/** One thread on one channel: a 1:1 chat or a group, keyed by the platform's own thread key. */
@Entity({ name: 'conversation' })
@Index('uq_conversation_thread', ['workspaceId', 'channelId', 'threadKey'], { unique: true })
@Index('ix_conversation_list', ['workspaceId', 'lastMessageAt', 'id'])
@Index('ix_conversation_contact', ['workspaceId', 'contactId'])
@Index('ix_conversation_waiting', ['workspaceId', 'waitingSince'])
export class ConversationEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'workspace_id', type: 'uuid' })
  workspaceId!: string;

  @Column({ name: 'channel_id', type: 'uuid' })
  channelId!: string;

  @Column({ name: 'contact_id', type: 'uuid', nullable: true })
  contactId!: string | null;

  @Column({ name: 'thread_key', type: 'text' })
  threadKey!: string;

  @Column({ name: 'is_group', type: 'boolean', default: false })
  isGroup!: boolean;

  @Column({ type: 'text', nullable: true })
  subject!: string | null;

  @Column({ type: 'text', default: 'open' })
  status!: ConversationStatus;

  @Column({ name: 'assignee_id', type: 'uuid', nullable: true })
  assigneeId!: string | null;

  @Column({ type: 'text', default: 'none' })
  priority!: ConversationPriority;

  @Column({ name: 'snoozed_until', type: 'timestamptz', nullable: true })
  snoozedUntil!: Date | null;

  @Column({ name: 'last_message_at', type: 'timestamptz' })
  lastMessageAt!: Date;

  /** When the oldest unanswered customer message arrived; null when the last word is the team's. */
  @Column({ name: 'waiting_since', type: 'timestamptz', nullable: true })
  waitingSince!: Date | null;

  @Column({ name: 'unread_count', type: 'int', default: 0 })
  unreadCount!: number;

  /** Set when its contact was erased: the thread key is gone, so it can no longer be replied to. */
  @Column({ name: 'erased_at', type: 'timestamptz', nullable: true })
  erasedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
