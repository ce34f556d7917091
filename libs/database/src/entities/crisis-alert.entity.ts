import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export type AlertStatus = 'open' | 'acknowledged' | 'resolved';
export const ALERT_STATUSES: readonly AlertStatus[] = ['open', 'acknowledged', 'resolved'];
export type AlertSeverity = 'low' | 'medium' | 'high' | 'critical';

/**
 * One crisis on one topic. Later firings within the cooldown grow this alert (window, figures,
 * messages) instead of opening another. Times in `window_*` and `last_fired_at` are event time.
 */
@Entity({ name: 'crisis_alert' })
@Index('ix_crisis_alert_list', ['workspaceId', 'createdAt', 'id'])
@Index('ix_crisis_alert_topic', ['workspaceId', 'topicKey', 'status'])
export class CrisisAlertEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'workspace_id', type: 'uuid' })
  workspaceId!: string;

  @Column({ name: 'topic_key', type: 'text' })
  topicKey!: string;

  /** The topic's readable name when the alert opened: kept for topics that are gone since. */
  @Column({ name: 'topic_name', type: 'text', nullable: true })
  topicName!: string | null;

  @Column({ name: 'channel_types', type: 'jsonb', default: () => "'[]'" })
  channelTypes!: string[];

  @Column({ type: 'text' })
  severity!: AlertSeverity;

  @Column({ type: 'text', default: 'open' })
  status!: AlertStatus;

  /** The rules that fired, first one first: spike, cusum, influencer, keywords. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  rules!: string[];

  @Column({ name: 'window_start', type: 'timestamptz' })
  windowStart!: Date;

  @Column({ name: 'window_end', type: 'timestamptz' })
  windowEnd!: Date;

  @Column({ name: 'last_fired_at', type: 'timestamptz' })
  lastFiredAt!: Date;

  @Column({ name: 'fire_count', type: 'integer', default: 1 })
  fireCount!: number;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  figures!: Record<string, unknown>[];

  @Column({ type: 'jsonb', default: () => "'[]'" })
  terms!: { term: string; count: number; lift: number }[];

  @Column({ name: 'message_ids', type: 'jsonb', default: () => "'[]'" })
  messageIds!: string[];

  /** Listening hits (scored `x.mention` timeline events) of an X listening query's alert. */
  @Column({ name: 'event_ids', type: 'jsonb', default: () => "'[]'" })
  eventIds!: string[];

  @Column({ name: 'contact_ids', type: 'jsonb', default: () => "'[]'" })
  contactIds!: string[];

  @Column({ name: 'acknowledged_by', type: 'uuid', nullable: true })
  acknowledgedBy!: string | null;

  @Column({ name: 'acknowledged_at', type: 'timestamptz', nullable: true })
  acknowledgedAt!: Date | null;

  @Column({ name: 'resolved_by', type: 'uuid', nullable: true })
  resolvedBy!: string | null;

  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
