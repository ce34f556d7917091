import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/**
 * Writes the crisis detection outbox (`crisis_pending`) in the transaction that stores the items, so
 * a scored listening hit is always counted by crisis detection, once. (Inbound messages get theirs in
 * the statement that stores them: `InboundMessageRepository`.)
 */
@Injectable()
export class CrisisPendingRepository {
  /** Puts scored listening hits (timeline events) in the outbox. */
  async addEvents(em: EntityManager, items: { workspaceId: string; id: string }[]): Promise<void> {
    if (items.length === 0) return;
    await em.query(
      `INSERT INTO crisis_pending (workspace_id, item_id, kind)
       SELECT ws, id, 'event' FROM unnest($1::uuid[], $2::uuid[]) AS x(ws, id)
       ON CONFLICT DO NOTHING`,
      [items.map((i) => i.workspaceId), items.map((i) => i.id)],
    );
  }
}
