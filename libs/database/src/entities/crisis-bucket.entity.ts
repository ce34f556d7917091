import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Message counts of one topic on one channel type (or `*` for all) in one 5-minute bucket of event
 * time. Detection adds each message (and listening hit) once, when it takes it out of `crisis_pending`.
 */
@Entity({ name: 'crisis_bucket' })
export class CrisisBucketEntity {
  @PrimaryColumn({ name: 'workspace_id', type: 'uuid' })
  workspaceId!: string;

  @PrimaryColumn({ name: 'topic_key', type: 'text' })
  topicKey!: string;

  @PrimaryColumn({ name: 'channel_type', type: 'text' })
  channelType!: string;

  @PrimaryColumn({ name: 'bucket_start', type: 'timestamptz' })
  bucketStart!: Date;

  @Column({ type: 'integer', default: 0 })
  total!: number;

  @Column({ type: 'integer', default: 0 })
  positive!: number;

  @Column({ type: 'integer', default: 0 })
  negative!: number;

  @Column({ type: 'integer', default: 0 })
  neutral!: number;

  @Column({ name: 'negative_reach', type: 'double precision', default: 0 })
  negativeReach!: number;

  /** Negative messages containing a crisis word. */
  @Column({ type: 'integer', default: 0 })
  flagged!: number;
}
