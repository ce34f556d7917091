import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Who runs a channel's live session. One row per channel; a worker holds it while `expires_at` is in
 * the future and renews it; `epoch` grows on every takeover so a stale holder's writes are refused.
 */
@Entity({ name: 'channel_session_lease' })
export class ChannelSessionLeaseEntity {
  @PrimaryColumn({ name: 'workspace_id', type: 'uuid' })
  workspaceId!: string;

  @PrimaryColumn({ name: 'channel_id', type: 'uuid' })
  channelId!: string;

  @Column({ type: 'text' })
  holder!: string;

  @Column({ type: 'bigint' })
  epoch!: string;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ name: 'acquired_at', type: 'timestamptz' })
  acquiredAt!: Date;
}
