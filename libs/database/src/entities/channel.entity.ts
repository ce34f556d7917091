import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** A connected account on one platform. Secrets are stored encrypted (AES-256-GCM), never in `config`. */
@Entity({ name: 'channel' })
@Index('ix_channel_workspace', ['workspaceId', 'createdAt'])
export class ChannelEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'workspace_id', type: 'uuid' })
  workspaceId!: string;

  @Column({ type: 'text' })
  type!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  config!: Record<string, unknown>;

  @Column({ name: 'secrets_encrypted', type: 'text', nullable: true })
  secretsEncrypted!: string | null;

  @Column({ type: 'text', default: 'active' })
  status!: string;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  /** The live session's detail for admins (why degraded, what to do). */
  @Column({ name: 'status_detail', type: 'text', nullable: true })
  statusDetail!: string | null;

  /** For a rate-limited channel: when the limit lifts. */
  @Column({ name: 'status_until', type: 'timestamptz', nullable: true })
  statusUntil!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt!: Date | null;
}
