import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { sqlRows } from '@scrm/database';

export interface WebhookRow {
  id: string;
  workspace_id: string;
  name: string;
  url: string;
  format: 'json' | 'wecom' | 'dingtalk' | 'slack';
  active: boolean;
  secret_encrypted: string;
  created_at: Date;
  updated_at: Date;
}

export interface DeliveryRow {
  id: string;
  workspace_id: string;
  webhook_id: string;
  alert_id: string;
  event: string;
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  last_error: string | null;
  created_at: Date;
}

@Injectable()
export class CrisisWebhookRepository {
  list(em: EntityManager, workspaceId: string): Promise<WebhookRow[]> {
    return sqlRows<WebhookRow>(em, `SELECT * FROM crisis_webhook WHERE workspace_id = $1 ORDER BY created_at, id`, [
      workspaceId,
    ]);
  }

  async find(em: EntityManager, workspaceId: string, id: string): Promise<WebhookRow | undefined> {
    const [row] = await sqlRows<WebhookRow>(em, `SELECT * FROM crisis_webhook WHERE workspace_id = $1 AND id = $2`, [
      workspaceId,
      id,
    ]);
    return row;
  }

  async create(
    em: EntityManager,
    workspaceId: string,
    v: { name: string; url: string; format: string; secretEncrypted: string },
  ): Promise<string> {
    const [row] = await sqlRows<{ id: string }>(
      em,
      `INSERT INTO crisis_webhook (workspace_id, name, url, format, secret_encrypted) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [workspaceId, v.name, v.url, v.format, v.secretEncrypted],
    );
    return row!.id;
  }

  async update(
    em: EntityManager,
    workspaceId: string,
    id: string,
    v: { name: string; url: string; format: string; active: boolean },
  ): Promise<void> {
    await em.query(
      `UPDATE crisis_webhook SET name = $3, url = $4, format = $5, active = $6, updated_at = now() WHERE workspace_id = $1 AND id = $2`,
      [workspaceId, id, v.name, v.url, v.format, v.active],
    );
  }

  async remove(em: EntityManager, workspaceId: string, id: string): Promise<boolean> {
    const rows = await sqlRows(em, `DELETE FROM crisis_webhook WHERE workspace_id = $1 AND id = $2 RETURNING id`, [
      workspaceId,
      id,
    ]);
    return rows.length > 0;
  }

  /** One outbox row per active webhook of the workspace; returns their ids. */
  async enqueueDeliveries(em: EntityManager, workspaceId: string, alertId: string, event: string): Promise<string[]> {
    const rows = await sqlRows<{ id: string }>(
      em,
      `INSERT INTO crisis_delivery (workspace_id, webhook_id, alert_id, event)
       SELECT workspace_id, id, $2, $3 FROM crisis_webhook WHERE workspace_id = $1 AND active RETURNING id`,
      [workspaceId, alertId, event],
    );
    return rows.map((r) => r.id);
  }

  async findDelivery(em: EntityManager, workspaceId: string, id: string): Promise<DeliveryRow | undefined> {
    const [row] = await sqlRows<DeliveryRow>(em, `SELECT * FROM crisis_delivery WHERE workspace_id = $1 AND id = $2`, [
      workspaceId,
      id,
    ]);
    return row;
  }

  async settleDelivery(
    em: EntityManager,
    workspaceId: string,
    id: string,
    status: 'pending' | 'sent' | 'failed',
    error: string | null,
  ): Promise<void> {
    await em.query(
      `UPDATE crisis_delivery SET status = $3, attempts = attempts + 1, last_error = $4, updated_at = now()
        WHERE workspace_id = $1 AND id = $2 AND status = 'pending'`,
      [workspaceId, id, status, error?.slice(0, 1000) ?? null],
    );
  }

  deliveriesOf(em: EntityManager, workspaceId: string, alertId: string): Promise<DeliveryRow[]> {
    return sqlRows<DeliveryRow>(
      em,
      `SELECT * FROM crisis_delivery WHERE workspace_id = $1 AND alert_id = $2 ORDER BY created_at, id`,
      [workspaceId, alertId],
    );
  }

  /** Pending deliveries older than `olderThanMs`: their job may have been lost. */
  stalePending(em: EntityManager, olderThanMs: number, limit: number): Promise<{ id: string; workspace_id: string }[]> {
    return sqlRows(
      em,
      `SELECT id, workspace_id FROM crisis_delivery
        WHERE status = 'pending' AND updated_at < now() - ($1::int * interval '1 millisecond') ORDER BY created_at LIMIT $2`,
      [olderThanMs, limit],
    );
  }
}
