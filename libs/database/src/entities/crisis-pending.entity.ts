import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Inbound messages and scored listening hits stored but not yet added to the crisis buckets: the
 * crisis detection outbox. A row is written in the transaction that stores the item and deleted in the
 * transaction that counts it, so an item is counted exactly once; a sweeper re-enqueues detection for
 * rows whose job was lost.
 */
@Entity({ name: 'crisis_pending' })
@Index('ix_crisis_pending_created', ['createdAt'])
export class CrisisPendingEntity {
  @PrimaryColumn({ name: 'workspace_id', type: 'uuid' })
  workspaceId!: string;

  /** A message id (`kind` message) or a timeline event id (`kind` event). */
  @PrimaryColumn({ name: 'item_id', type: 'uuid' })
  itemId!: string;

  @Column({ type: 'text' })
  kind!: 'message' | 'event';

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
