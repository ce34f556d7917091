import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export type AssignmentMode = 'manual' | 'round_robin';
export const ASSIGNMENT_MODES: readonly AssignmentMode[] = ['manual', 'round_robin'];

/**
 * How a channel's new and reopened conversations get an assignee: by hand, or round-robin among the
 * online agents who have fewer than `capacity` open conversations on the channel.
 */
@Entity({ name: 'assignment_policy' })
export class AssignmentPolicyEntity {
  @PrimaryColumn({ name: 'workspace_id', type: 'uuid' })
  workspaceId!: string;

  @PrimaryColumn({ name: 'channel_id', type: 'uuid' })
  channelId!: string;

  @Column({ type: 'text', default: 'manual' })
  mode!: AssignmentMode;

  @Column({ type: 'int', default: 10 })
  capacity!: number;

  @Column({ name: 'last_assigned_user_id', type: 'uuid', nullable: true })
  lastAssignedUserId!: string | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
