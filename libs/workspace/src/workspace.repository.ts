import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { WorkspaceEntity } from '@scrm/database';

@Injectable()
export class WorkspaceRepository {
  async create(em: EntityManager, name: string): Promise<WorkspaceEntity> {
    const repo = em.getRepository(WorkspaceEntity);
    return repo.save(repo.create({ name }));
  }

  findById(em: EntityManager, workspaceId: string): Promise<WorkspaceEntity | null> {
    return em.getRepository(WorkspaceEntity).findOne({ where: { id: workspaceId } });
  }

  async settings(
    em: EntityManager,
    workspaceId: string,
    lock = false,
  ): Promise<{ retentionDays: number | null } | null> {
    const ws = await em
      .getRepository(WorkspaceEntity)
      .findOne({ where: { id: workspaceId }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    return ws ? { retentionDays: ws.retentionDays } : null;
  }

  async setRetentionDays(em: EntityManager, workspaceId: string, days: number | null): Promise<void> {
    await em.getRepository(WorkspaceEntity).update({ id: workspaceId }, { retentionDays: days });
  }

  async count(em: EntityManager): Promise<number> {
    return em.getRepository(WorkspaceEntity).count();
  }
}
