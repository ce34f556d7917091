import { Column, Entity, PrimaryColumn } from 'typeorm';

/** When a member's inbox was last connected; refreshed by the socket gateway's heartbeat. */
@Entity({ name: 'agent_presence' })
export class AgentPresenceEntity {
  @PrimaryColumn({ name: 'workspace_id', type: 'uuid' })
  workspaceId!: string;

  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @Column({ name: 'last_seen_at', type: 'timestamptz' })
  lastSeenAt!: Date;
}
