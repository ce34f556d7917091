import { Injectable } from '@nestjs/common';
import { decodeExactCursor, encodeExactCursor } from '@scrm/common';
import { UnitOfWork, type EntityManager } from '@scrm/database';
import type { AuditPageDto } from './audit.dto';
import { AuditRepository, type NewAuditEntry } from './audit.repository';

/** The append-only record of who viewed, exported, merged, erased or changed what. */
@Injectable()
export class AuditService {
  constructor(
    private readonly repo: AuditRepository,
    private readonly uow: UnitOfWork,
  ) {}

  /** Records inside the caller's transaction, so the audit row exists exactly when the change does. */
  record(tx: EntityManager, entry: NewAuditEntry): Promise<void> {
    return this.repo.insert(tx, entry);
  }

  /** Records on its own (for reads such as views and exports). */
  recordNow(entry: NewAuditEntry): Promise<void> {
    return this.repo.insert(this.uow.manager, entry);
  }

  async list(
    workspaceId: string,
    cursor: string | undefined,
    limit: number,
    filter: { action?: string; targetId?: string },
  ): Promise<AuditPageDto> {
    const rows = await this.repo.list(this.uow.manager, workspaceId, decodeExactCursor(cursor), limit + 1, filter);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map((r) => ({
        id: r.id,
        actorUserId: r.actor_user_id,
        action: r.action,
        targetType: r.target_type,
        targetId: r.target_id,
        data: r.data,
        occurredAt: r.occurred_at.toISOString(),
      })),
      nextCursor: rows.length > limit && last ? encodeExactCursor({ at: last.at_key, id: last.id }) : null,
    };
  }
}
