import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { prepared, sqlRows, type AssignmentMode } from '@scrm/database';

export interface PolicyRow {
  channel_id: string;
  mode: AssignmentMode;
  capacity: number;
  last_assigned_user_id: string | null;
}

export interface UnassignedRow {
  id: string;
  channel_id: string;
  contact_id: string | null;
}

export interface AgentLoad {
  userId: string;
  load: number;
}

@Injectable()
export class AssignmentRepository {
  async channelExists(em: EntityManager, workspaceId: string, channelId: string): Promise<boolean> {
    const rows = await sqlRows(em, `SELECT 1 FROM channel WHERE workspace_id = $1 AND id = $2 AND deleted_at IS NULL`, [
      workspaceId,
      channelId,
    ]);
    return rows.length > 0;
  }

  async findPolicy(
    em: EntityManager,
    workspaceId: string,
    channelId: string,
    forUpdate = false,
  ): Promise<PolicyRow | undefined> {
    const [row] = await sqlRows<PolicyRow>(
      em,
      `SELECT channel_id, mode, capacity, last_assigned_user_id FROM assignment_policy
        WHERE workspace_id = $1 AND channel_id = $2${forUpdate ? ' FOR UPDATE' : ''}`,
      [workspaceId, channelId],
    );
    return row;
  }

  async savePolicy(
    em: EntityManager,
    workspaceId: string,
    channelId: string,
    mode: AssignmentMode,
    capacity: number,
  ): Promise<PolicyRow> {
    const [row] = await sqlRows<PolicyRow>(
      em,
      `INSERT INTO assignment_policy (workspace_id, channel_id, mode, capacity) VALUES ($1, $2, $3, $4)
       ON CONFLICT (workspace_id, channel_id) DO UPDATE SET mode = EXCLUDED.mode, capacity = EXCLUDED.capacity, updated_at = now()
       RETURNING channel_id, mode, capacity, last_assigned_user_id`,
      [workspaceId, channelId, mode, capacity],
    );
    return row!;
  }

  /** Open or pending conversations among `ids` with no assignee on a round-robin channel, locked. */
  lockUnassigned(em: EntityManager, workspaceId: string, ids: string[]): Promise<UnassignedRow[]> {
    return sqlRows<UnassignedRow>(
      em,
      prepared(`SELECT c.id, c.channel_id, c.contact_id FROM conversation c
         JOIN assignment_policy p ON p.workspace_id = c.workspace_id AND p.channel_id = c.channel_id AND p.mode = 'round_robin'
        WHERE c.workspace_id = $1 AND c.id = ANY($2::uuid[]) AND c.assignee_id IS NULL AND c.status IN ('open', 'pending')
        ORDER BY c.id FOR UPDATE OF c`),
      [workspaceId, ids],
    );
  }

  /** Members who may reply, seen online within the window, with their open load on the channel. */
  onlineAgentLoads(
    em: EntityManager,
    workspaceId: string,
    channelId: string,
    onlineWithinSeconds: number,
  ): Promise<AgentLoad[]> {
    return sqlRows<AgentLoad>(
      em,
      `SELECT m.user_id AS "userId",
              (SELECT count(*) FROM conversation x
                WHERE x.workspace_id = m.workspace_id AND x.channel_id = $2 AND x.assignee_id = m.user_id
                  AND x.status IN ('open', 'pending'))::int AS load
         FROM workspace_member m
         JOIN agent_presence ap ON ap.workspace_id = m.workspace_id AND ap.user_id = m.user_id
        WHERE m.workspace_id = $1 AND m.role IN ('owner', 'admin', 'agent')
          AND ap.last_seen_at > now() - make_interval(secs => $3)
        ORDER BY m.user_id`,
      [workspaceId, channelId, onlineWithinSeconds],
    );
  }

  async assign(
    em: EntityManager,
    workspaceId: string,
    conversationId: string,
    channelId: string,
    userId: string,
  ): Promise<void> {
    await em.query(
      `UPDATE conversation SET assignee_id = $3, updated_at = now() WHERE workspace_id = $1 AND id = $2 AND assignee_id IS NULL`,
      [workspaceId, conversationId, userId],
    );
    await em.query(
      `UPDATE assignment_policy SET last_assigned_user_id = $3 WHERE workspace_id = $1 AND channel_id = $2`,
      [workspaceId, channelId, userId],
    );
  }

  async touchPresence(em: EntityManager, entries: { workspaceId: string; userId: string }[]): Promise<void> {
    if (entries.length === 0) return;
    await em.query(
      `INSERT INTO agent_presence (workspace_id, user_id, last_seen_at)
       SELECT DISTINCT w, u, now() FROM unnest($1::uuid[], $2::uuid[]) AS x(w, u)
       ON CONFLICT (workspace_id, user_id) DO UPDATE SET last_seen_at = now()`,
      [entries.map((e) => e.workspaceId), entries.map((e) => e.userId)],
    );
  }

  async markOffline(em: EntityManager, workspaceId: string, userId: string): Promise<void> {
    await em.query(`UPDATE agent_presence SET last_seen_at = 'epoch' WHERE workspace_id = $1 AND user_id = $2`, [
      workspaceId,
      userId,
    ]);
  }
}
