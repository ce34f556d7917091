import { Injectable } from '@nestjs/common';
import { AuthService, type Principal } from '@scrm/auth';
import { UnitOfWork } from '@scrm/database';
import { WorkspaceRepository } from './workspace.repository';

export interface WorkspaceView {
  id: string;
  name: string;
  role: string;
}

@Injectable()
export class WorkspaceService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly repo: WorkspaceRepository,
    private readonly auth: AuthService,
  ) {}

  /** Creates a workspace whose first member is its owner. */
  createWithOwner(name: string, ownerUserId: string): Promise<{ id: string; name: string }> {
    return this.uow.run(async (tx) => {
      const ws = await this.repo.create(tx, name);
      await this.auth.addMember(ws.id, ownerUserId, 'owner', tx);
      return { id: ws.id, name: ws.name };
    });
  }

  async listForUser(principal: Principal): Promise<WorkspaceView[]> {
    const me = await this.auth.me(principal);
    return me.workspaces;
  }

  count(): Promise<number> {
    return this.repo.count(this.uow.manager);
  }
}
