import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type MergeSuggestionStatus = 'pending' | 'accepted' | 'rejected';

/** Two contacts that may be one person, with the evidence and a confidence, for an agent to decide. */
@Entity({ name: 'merge_suggestion' })
@Index('uq_merge_suggestion_pair', ['workspaceId', 'contactAId', 'contactBId', 'reason'], { unique: true })
@Index('ix_merge_suggestion_status', ['workspaceId', 'status', 'createdAt'])
export class MergeSuggestionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'workspace_id', type: 'uuid' })
  workspaceId!: string;

  /** The pair is stored with the smaller id first so each pair is suggested once per reason. */
  @Column({ name: 'contact_a_id', type: 'uuid' })
  contactAId!: string;

  @Column({ name: 'contact_b_id', type: 'uuid' })
  contactBId!: string;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  evidence!: Record<string, unknown>;

  @Column({ type: 'real' })
  confidence!: number;

  @Column({ type: 'text', default: 'pending' })
  status!: MergeSuggestionStatus;

  @Column({ name: 'decided_by_user_id', type: 'uuid', nullable: true })
  decidedByUserId!: string | null;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt!: Date | null;

  @Column({ name: 'merge_id', type: 'uuid', nullable: true })
  mergeId!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
