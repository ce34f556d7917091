import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A live session's durable state (polling cursors, budgets), one JSON value per key. */
@Entity({ name: 'channel_session_state' })
export class ChannelSessionStateEntity {
  @PrimaryColumn({ name: 'workspace_id', type: 'uuid' })
  workspaceId!: string;

  @PrimaryColumn({ name: 'channel_id', type: 'uuid' })
  channelId!: string;

  @PrimaryColumn({ type: 'text' })
  key!: string;

  @Column({ type: 'jsonb' })
  value!: unknown;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
