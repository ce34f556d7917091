import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export type AlertWebhookFormat = 'json' | 'wecom' | 'dingtalk' | 'slack';
export const ALERT_WEBHOOK_FORMATS: readonly AlertWebhookFormat[] = ['json', 'wecom', 'dingtalk', 'slack'];

/** Where a workspace wants its crisis alerts pushed, and in which payload format. */
@Entity({ name: 'crisis_webhook' })
@Index('ix_crisis_webhook_workspace', ['workspaceId', 'createdAt'])
export class CrisisWebhookEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'workspace_id', type: 'uuid' })
  workspaceId!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  url!: string;

  @Column({ type: 'text' })
  format!: AlertWebhookFormat;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  /** The signing secret, sealed like channel secrets. */
  @Column({ name: 'secret_encrypted', type: 'text' })
  secretEncrypted!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
