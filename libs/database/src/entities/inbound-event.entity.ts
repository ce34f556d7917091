import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Inbound messages accepted at the door and not yet ingested. A row is written before the HTTP 202 and
 * deleted in the same transaction that stores the message, so it doubles as the inbound outbox: a
 * sweeper re-enqueues rows whose job was lost.
 */
@Entity({ name: 'inbound_event' })
@Index('uq_inbound_event_platform_id', ['workspaceId', 'channelId', 'platformMessageId'], { unique: true })
@Index('ix_inbound_event_received', ['receivedAt'])
export class InboundEventEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'workspace_id', type: 'uuid' })
  workspaceId!: string;

  @Column({ name: 'channel_id', type: 'uuid' })
  channelId!: string;

  @Column({ name: 'platform_message_id', type: 'text' })
  platformMessageId!: string;

  @Column({ type: 'jsonb' })
  payload!: Record<string, unknown>;

  @CreateDateColumn({ name: 'received_at', type: 'timestamptz' })
  receivedAt!: Date;
}
