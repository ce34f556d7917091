import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

export type WorkspaceRole = 'owner' | 'admin' | 'agent' | 'analyst';
export const WORKSPACE_ROLES: readonly WorkspaceRole[] = ['owner', 'admin', 'agent', 'analyst'];

@Entity({ name: 'workspace_member' })
@Index('ix_workspace_member_user', ['userId'])
export class WorkspaceMemberEntity {
  @PrimaryColumn({ name: 'workspace_id', type: 'uuid' })
  workspaceId!: string;

  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @Column({ type: 'text' })
  role!: WorkspaceRole;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
