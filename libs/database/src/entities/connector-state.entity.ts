import { Column, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * Small shared state a connector keeps per channel across processes: cached platform access tokens,
 * claimed replay nonces, pull cursors. Rows with an `expires_at` in the past count as absent.
 */
@Entity({ name: 'connector_state' })
@Index('ix_connector_state_expires', ['expiresAt'])
export class ConnectorStateEntity {
  @PrimaryColumn({ name: 'workspace_id', type: 'uuid' })
  workspaceId!: string;

  @PrimaryColumn({ name: 'channel_id', type: 'uuid' })
  channelId!: string;

  @PrimaryColumn({ type: 'text' })
  key!: string;

  @Column({ type: 'jsonb' })
  value!: unknown;

  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt!: Date | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
