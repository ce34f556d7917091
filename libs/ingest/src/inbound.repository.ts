import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { prepared, sqlRows } from '@scrm/database';
import type { NormalizedInboundMessage } from '@scrm/connector-sdk';

/** What the door stores for the worker: the normalized message and how to key its sender. */
export interface StagedPayload {
  channelType: string;
  identityScope: 'channel' | 'platform';
  message: NormalizedInboundMessage;
}

export interface NewStagedRow {
  workspaceId: string;
  channelId: string;
  payload: StagedPayload;
}

export interface StagedRow {
  id: string;
  workspace_id: string;
  channel_id: string;
  payload: StagedPayload;
}

@Injectable()
export class InboundRepository {
  /** Stages rows; a platform message id already waiting is skipped. Returns the rows actually staged. */
  stage(em: EntityManager, rows: NewStagedRow[]): Promise<{ id: string; workspace_id: string }[]> {
    return sqlRows(
      em,
      prepared(`INSERT INTO inbound_event (workspace_id, channel_id, platform_message_id, payload)
       SELECT ws, ch, pid, p::jsonb FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[]) AS x(ws, ch, pid, p)
       ON CONFLICT (workspace_id, channel_id, platform_message_id) DO NOTHING
       RETURNING id, workspace_id`),
      [
        rows.map((r) => r.workspaceId),
        rows.map((r) => r.channelId),
        rows.map((r) => r.payload.message.platformMessageId),
        rows.map((r) => JSON.stringify(r.payload)),
      ],
    );
  }

  /**
   * Takes staged rows out for processing, inside the caller's transaction: they are deleted when it
   * commits and come back if it rolls back. Rows another transaction holds are skipped, not waited for.
   */
  claim(em: EntityManager, workspaceIds: string[], ids: string[]): Promise<StagedRow[]> {
    return sqlRows<StagedRow>(
      em,
      // Each wanted row is looked up by its key (the lateral join) and the locked set is materialized,
      // so the cost stays linear in the batch whatever the planner believes about this queue table.
      prepared(`WITH claimed AS MATERIALIZED (
         SELECT e.id, e.workspace_id FROM unnest($1::uuid[], $2::uuid[]) AS v(ws, id)
           CROSS JOIN LATERAL (
             SELECT i.id, i.workspace_id FROM inbound_event i WHERE i.id = v.id AND i.workspace_id = v.ws
                FOR UPDATE SKIP LOCKED) e)
       DELETE FROM inbound_event d USING claimed c WHERE d.workspace_id = c.workspace_id AND d.id = c.id
       RETURNING d.id, d.workspace_id, d.channel_id, d.payload`),
      [workspaceIds, ids],
    );
  }

  /** Rows that have waited longer than any live job would take: their job was lost. */
  stale(em: EntityManager, olderThanMs: number, limit: number): Promise<{ id: string; workspace_id: string }[]> {
    return sqlRows(
      em,
      `SELECT id, workspace_id FROM inbound_event WHERE received_at < now() - ($1::int * interval '1 millisecond')
        ORDER BY received_at LIMIT $2`,
      [olderThanMs, limit],
    );
  }
}
