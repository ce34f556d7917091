import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { sqlRows } from '@scrm/database';

/** Per-channel connector key/value rows; an expired row reads as absent and is overwritten by a claim. */
@Injectable()
export class ConnectorStateRepository {
  constructor(private readonly dataSource: DataSource) {}

  async get(workspaceId: string, channelId: string, key: string): Promise<unknown> {
    const rows = await sqlRows<{ value: unknown }>(
      this.dataSource.manager,
      `SELECT value FROM connector_state
        WHERE workspace_id = $1 AND channel_id = $2 AND key = $3 AND (expires_at IS NULL OR expires_at > now())`,
      [workspaceId, channelId, key],
    );
    return rows[0]?.value;
  }

  async getMany(workspaceId: string, channelId: string, keys: string[]): Promise<Map<string, unknown>> {
    if (keys.length === 0) return new Map();
    const rows = await sqlRows<{ key: string; value: unknown }>(
      this.dataSource.manager,
      `SELECT key, value FROM connector_state
        WHERE workspace_id = $1 AND channel_id = $2 AND key = ANY($3::text[])
          AND (expires_at IS NULL OR expires_at > now())`,
      [workspaceId, channelId, keys],
    );
    return new Map(rows.map((r) => [r.key, r.value]));
  }

  async set(workspaceId: string, channelId: string, key: string, value: unknown, ttlMs?: number): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO connector_state (workspace_id, channel_id, key, value, expires_at)
       VALUES ($1, $2, $3, $4::jsonb, CASE WHEN $5::float8 IS NULL THEN NULL ELSE now() + $5::float8 * interval '1 millisecond' END)
       ON CONFLICT (workspace_id, channel_id, key)
       DO UPDATE SET value = EXCLUDED.value, expires_at = EXCLUDED.expires_at, updated_at = now()`,
      [workspaceId, channelId, key, JSON.stringify(value), ttlMs ?? null],
    );
  }

  /** Inserts unless a live row exists; returns the value stored after the statement and whether it is ours. */
  async claim(
    workspaceId: string,
    channelId: string,
    key: string,
    value: string,
    ttlMs: number,
  ): Promise<{ claimed: boolean; value: string }> {
    const won = await sqlRows<{ value: string }>(
      this.dataSource.manager,
      `INSERT INTO connector_state (workspace_id, channel_id, key, value, expires_at)
       VALUES ($1, $2, $3, $4::jsonb, now() + $5::float8 * interval '1 millisecond')
       ON CONFLICT (workspace_id, channel_id, key)
       DO UPDATE SET value = EXCLUDED.value, expires_at = EXCLUDED.expires_at, updated_at = now()
        WHERE connector_state.expires_at IS NOT NULL AND connector_state.expires_at <= now()
       RETURNING value`,
      [workspaceId, channelId, key, JSON.stringify(value), ttlMs],
    );
    if (won.length > 0) return { claimed: true, value };
    const held = await this.get(workspaceId, channelId, key);
    return { claimed: false, value: typeof held === 'string' ? held : JSON.stringify(held) };
  }

  /**
   * One conditional upsert: concurrent callers serialise on the row, and each re-checks the limit
   * against the value the one before it left (never read-then-write).
   */
  async addUpTo(
    workspaceId: string,
    channelId: string,
    key: string,
    delta: number,
    max: number,
    ttlMs?: number,
  ): Promise<number | null> {
    const rows = await sqlRows<{ value: string }>(
      this.dataSource.manager,
      `INSERT INTO connector_state AS s (workspace_id, channel_id, key, value, expires_at)
       SELECT $1, $2, $3, to_jsonb(GREATEST($4::bigint, 0)),
              CASE WHEN $6::float8 IS NULL THEN NULL ELSE now() + $6::float8 * interval '1 millisecond' END
        WHERE GREATEST($4::bigint, 0) <= $5::bigint
       ON CONFLICT (workspace_id, channel_id, key) DO UPDATE
          SET value = to_jsonb(GREATEST(0, CASE WHEN s.expires_at <= now() THEN 0 ELSE (s.value)::bigint END + $4::bigint)),
              expires_at = EXCLUDED.expires_at, updated_at = now()
        WHERE GREATEST(0, CASE WHEN s.expires_at <= now() THEN 0 ELSE (s.value)::bigint END + $4::bigint) <= $5::bigint
       RETURNING (s.value)::text AS value`,
      [workspaceId, channelId, key, delta, max, ttlMs ?? null],
    );
    return rows[0] ? Number(rows[0].value) : null;
  }

  async delete(workspaceId: string, channelId: string, key: string): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM connector_state WHERE workspace_id = $1 AND channel_id = $2 AND key = $3`,
      [workspaceId, channelId, key],
    );
  }

  /** Drops expired rows so claimed nonces do not accumulate. */
  async purgeExpired(limit: number): Promise<number> {
    const rows = await sqlRows<{ key: string }>(
      this.dataSource.manager,
      `DELETE FROM connector_state WHERE ctid IN (
         SELECT ctid FROM connector_state WHERE expires_at < now() LIMIT $1) RETURNING key`,
      [limit],
    );
    return rows.length;
  }
}
