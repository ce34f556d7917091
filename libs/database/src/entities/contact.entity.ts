import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export type LifecycleStage = 'new' | 'engaged' | 'customer' | 'vip' | 'churned';
export const LIFECYCLE_STAGES: readonly LifecycleStage[] = ['new', 'engaged', 'customer', 'vip', 'churned'];

/** A customer. Everything the workspace knows about one person hangs off this row. */
@Entity({ name: 'contact' })
@Index('ix_contact_workspace', ['workspaceId', 'createdAt'])
export class ContactEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'workspace_id', type: 'uuid' })
  workspaceId!: string;

  @Column({ type: 'text', nullable: true })
  name!: string | null;

  @Column({ name: 'avatar_url', type: 'text', nullable: true })
  avatarUrl!: string | null;

  /** Set while this contact is merged into another; cleared by un-merge. */
  @Column({ name: 'merged_into_id', type: 'uuid', nullable: true })
  mergedIntoId!: string | null;

  /** new, engaged, customer, vip or churned. */
  @Column({ name: 'lifecycle_stage', type: 'text', default: 'new' })
  lifecycleStage!: LifecycleStage;

  /** Values of the workspace's custom attributes, keyed by attribute key; validated by type on write. */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  attributes!: Record<string, string | number>;
  /** Set when the contact's personal data was erased; the row stays so counts and ids hold. */
  @Column({ name: 'erased_at', type: 'timestamptz', nullable: true })
  erasedAt!: Date | null;

  @Column({ name: 'last_seen_at', type: 'timestamptz', nullable: true })
  lastSeenAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
