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

  async count(em: EntityManager): Promise<number> {
    return em.getRepository(WorkspaceEntity).count();
  }
}
