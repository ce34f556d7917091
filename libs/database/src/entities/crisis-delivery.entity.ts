import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export type CrisisDeliveryStatus = 'pending' | 'sent' | 'failed';

/** The outbox of alert webhooks: one row per alert event per webhook, sent by a queued job with retries. */
@Entity({ name: 'crisis_delivery' })
@Index('ix_crisis_delivery_pending', ['status', 'createdAt'], { where: "status = 'pending'" })
@Index('ix_crisis_delivery_alert', ['workspaceId', 'alertId'])
export class CrisisDeliveryEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'workspace_id', type: 'uuid' })
  workspaceId!: string;

  @Column({ name: 'webhook_id', type: 'uuid' })
  webhookId!: string;

  @Column({ name: 'alert_id', type: 'uuid' })
  alertId!: string;

  /** alert.created or alert.updated */
  @Column({ type: 'text' })
  event!: string;

  @Column({ type: 'text', default: 'pending' })
  status!: CrisisDeliveryStatus;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
