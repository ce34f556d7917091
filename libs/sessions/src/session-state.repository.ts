import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { sqlRows } from '@scrm/database';

@Injectable()
export class SessionStateRepository {
  constructor(private readonly dataSource: DataSource) {}

  async load(workspaceId: string, channelId: string, key: string): Promise<unknown> {
    const [row] = await sqlRows<{ value: unknown }>(
      this.dataSource.manager,
      `SELECT value FROM channel_session_state WHERE workspace_id = $1 AND channel_id = $2 AND key = $3`,
      [workspaceId, channelId, key],
    );
    return row?.value;
  }

  /**
   * Writes only while the caller still holds the lease at this epoch: a holder that lost the lease
   * (paused, partitioned) cannot move a cursor behind its successor's back. Returns false when fenced.
   */
  async save(
    workspaceId: string,
    channelId: string,
    key: string,
    value: unknown,
    fence: { holder: string; epoch: string },
  ): Promise<boolean> {
    const rows = await sqlRows<{ key: string }>(
      this.dataSource.manager,
      `INSERT INTO channel_session_state (workspace_id, channel_id, key, value, updated_at)
       SELECT $1, $2, $3, $4::jsonb, now()
        WHERE EXISTS (SELECT 1 FROM channel_session_lease l
                       WHERE l.workspace_id = $1 AND l.channel_id = $2 AND l.holder = $5 AND l.epoch = $6::bigint)
       ON CONFLICT (workspace_id, channel_id, key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()
       RETURNING key`,
      [workspaceId, channelId, key, JSON.stringify(value ?? null), fence.holder, fence.epoch],
    );
    return rows.length > 0;
  }
}
