import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Something that happened to a contact or conversation, in event time. The contact timeline reads this. */
@Entity({ name: 'timeline_event' })
@Index('ix_timeline_contact', ['workspaceId', 'contactId', 'occurredAt', 'id'])
@Index('uq_timeline_platform_event', ['workspaceId', 'channelId', 'platformEventId'], { unique: true })
@Index('ix_timeline_conversation', ['workspaceId', 'conversationId', 'occurredAt', 'id'])
@Index('ix_timeline_listening', ['workspaceId', 'occurredAt'], { where: "kind = 'x.mention'" })
export class TimelineEventEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'workspace_id', type: 'uuid' })
  workspaceId!: string;

  @Column({ name: 'contact_id', type: 'uuid', nullable: true })
  contactId!: string | null;

  @Column({ name: 'conversation_id', type: 'uuid', nullable: true })
  conversationId!: string | null;

  @Column({ name: 'message_id', type: 'uuid', nullable: true })
  messageId!: string | null;

  @Column({ type: 'text' })
  kind!: string;

  /** For events a channel reports (subscribe, room join…): the channel and its dedupe key. */
  @Column({ name: 'channel_id', type: 'uuid', nullable: true })
  channelId!: string | null;

  @Column({ name: 'platform_event_id', type: 'text', nullable: true })
  platformEventId!: string | null;

  @Column({ name: 'actor_user_id', type: 'uuid', nullable: true })
  actorUserId!: string | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  data!: Record<string, unknown>;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
