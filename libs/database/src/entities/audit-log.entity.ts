import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Who viewed, exported, merged, erased or changed what. Append-only: a trigger in the migration refuses
 * UPDATE, DELETE and TRUNCATE for every database role. Rows carry ids, never personal data.
 */
@Entity({ name: 'audit_log' })
@Index('ix_audit_log_workspace', ['workspaceId', 'occurredAt', 'id'])
export class AuditLogEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'workspace_id', type: 'uuid' })
  workspaceId!: string;

  @Column({ name: 'actor_user_id', type: 'uuid', nullable: true })
  actorUserId!: string | null;

  @Column({ type: 'text' })
  action!: string;

  @Column({ name: 'target_type', type: 'text' })
  targetType!: string;

  @Column({ name: 'target_id', type: 'uuid', nullable: true })
  targetId!: string | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  data!: Record<string, unknown>;

  @Column({ name: 'occurred_at', type: 'timestamptz', default: () => 'now()' })
  occurredAt!: Date;
}
