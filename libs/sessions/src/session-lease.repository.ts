import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { sqlRows } from '@scrm/database';

export interface HeldLease {
  workspaceId: string;
  channelId: string;
  epoch: string;
}

/**
 * The per-channel lease in PostgreSQL. Expiry is judged by the database clock, so workers with skewed
 * clocks agree; a takeover bumps `epoch`, which fences the previous holder's state writes.
 */
@Injectable()
export class SessionLeaseRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Takes the lease if it is free, expired, or already ours. Returns the epoch, or undefined. */
  async acquire(workspaceId: string, channelId: string, holder: string, ttlMs: number): Promise<string | undefined> {
    const [row] = await sqlRows<{ epoch: string }>(
      this.dataSource.manager,
      `INSERT INTO channel_session_lease (workspace_id, channel_id, holder, epoch, expires_at, acquired_at)
       VALUES ($1, $2, $3, 1, now() + ($4::int * interval '1 millisecond'), now())
       ON CONFLICT (workspace_id, channel_id) DO UPDATE
          SET holder = EXCLUDED.holder, epoch = channel_session_lease.epoch + 1,
              expires_at = EXCLUDED.expires_at, acquired_at = now()
        WHERE channel_session_lease.expires_at < now() OR channel_session_lease.holder = EXCLUDED.holder
       RETURNING epoch::text AS epoch`,
      [workspaceId, channelId, holder, ttlMs],
    );
    return row?.epoch;
  }

  /**
   * Extends every lease this holder still has; returns them (a lease taken over is missing). A lease
   * this holder released stays released: the renewal may reach the database after the release.
   */
  async renew(holder: string, ttlMs: number): Promise<HeldLease[]> {
    const rows = await sqlRows<{ workspace_id: string; channel_id: string; epoch: string }>(
      this.dataSource.manager,
      `UPDATE channel_session_lease SET expires_at = now() + ($2::int * interval '1 millisecond')
        WHERE holder = $1 AND expires_at <> '-infinity'
       RETURNING workspace_id, channel_id, epoch::text AS epoch`,
      [holder, ttlMs],
    );
    return rows.map((r) => ({ workspaceId: r.workspace_id, channelId: r.channel_id, epoch: r.epoch }));
  }

  /**
   * Gives the lease up at once so another worker can start the session without waiting for expiry.
   * The row stays (expired) so the next holder's epoch is still higher than every earlier one.
   */
  async release(workspaceId: string, channelId: string, holder: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE channel_session_lease SET expires_at = '-infinity'
        WHERE workspace_id = $1 AND channel_id = $2 AND holder = $3`,
      [workspaceId, channelId, holder],
    );
  }

  /** The live holder of a channel's session, if any. */
  async holderOf(workspaceId: string, channelId: string): Promise<string | undefined> {
    const [row] = await sqlRows<{ holder: string }>(
      this.dataSource.manager,
      `SELECT holder FROM channel_session_lease WHERE workspace_id = $1 AND channel_id = $2 AND expires_at > now()`,
      [workspaceId, channelId],
    );
    return row?.holder;
  }
}
