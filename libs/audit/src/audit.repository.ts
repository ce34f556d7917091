import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { sqlRows } from '@scrm/database';
import type { ExactKeysetPosition } from '@scrm/common';

export interface NewAuditEntry {
  workspaceId: string;
  actorUserId: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  data?: Record<string, unknown>;
}

export interface AuditRow {
  id: string;
  actor_user_id: string | null;
  action: string;
  target_type: string;
  target_id: string | null;
  data: Record<string, unknown>;
  occurred_at: Date;
  /** occurred_at as PostgreSQL prints it, to the microsecond: the keyset cursor's timestamp. */
  at_key: string;
}

@Injectable()
export class AuditRepository {
  async insert(em: EntityManager, e: NewAuditEntry): Promise<void> {
    await em.query(
      `INSERT INTO audit_log (workspace_id, actor_user_id, action, target_type, target_id, data, occurred_at)
       VALUES ($1, $2, $3, $4, $5, $6, clock_timestamp())`,
      [e.workspaceId, e.actorUserId, e.action, e.targetType, e.targetId, JSON.stringify(e.data ?? {})],
    );
  }

  /** Newest first; `before` is the keyset position of the last row of the previous page. */
  list(
    em: EntityManager,
    workspaceId: string,
    before: ExactKeysetPosition | undefined,
    limit: number,
    filter: { action?: string; targetId?: string },
  ): Promise<AuditRow[]> {
    return sqlRows<AuditRow>(
      em,
      `SELECT id, actor_user_id, action, target_type, target_id, data, occurred_at,
              to_json(occurred_at)#>>'{}' AS at_key FROM audit_log
        WHERE workspace_id = $1
          AND ($2::timestamptz IS NULL OR (occurred_at, id) < ($2::timestamptz, $3::uuid))
          AND ($4::text IS NULL OR action = $4)
          AND ($5::uuid IS NULL OR target_id = $5)
        ORDER BY occurred_at DESC, id DESC LIMIT $6`,
      [workspaceId, before?.at ?? null, before?.id ?? null, filter.action ?? null, filter.targetId ?? null, limit],
    );
  }
}
