import { Injectable } from '@nestjs/common';
import { AuthService, type Principal } from '@scrm/auth';
import { AuditService } from '@scrm/audit';
import { AppException } from '@scrm/common';
import { UnitOfWork } from '@scrm/database';
import type { UpdateWorkspaceSettingsDto, WorkspaceSettingsDto } from './workspace-settings.dto';
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
    private readonly audit: AuditService,
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

  async settings(workspaceId: string): Promise<WorkspaceSettingsDto> {
    const s = await this.repo.settings(this.uow.manager, workspaceId);
    if (!s) throw AppException.notFound('workspace');
    return s;
  }

  /** Changes what the body names; each change is audited with its old and new value. */
  updateSettings(workspaceId: string, userId: string, body: UpdateWorkspaceSettingsDto): Promise<WorkspaceSettingsDto> {
    return this.uow.run(async (tx) => {
      const before = await this.repo.settings(tx, workspaceId, true);
      if (!before) throw AppException.notFound('workspace');
      if (body.retentionDays === undefined || body.retentionDays === before.retentionDays) return before;
      await this.repo.setRetentionDays(tx, workspaceId, body.retentionDays);
      await this.audit.record(tx, {
        workspaceId,
        actorUserId: userId,
        action: 'workspace.settings_changed',
        targetType: 'workspace',
        targetId: workspaceId,
        data: { retentionDays: { from: before.retentionDays, to: body.retentionDays } },
      });
      return { retentionDays: body.retentionDays };
    });
  }

  count(): Promise<number> {
    return this.repo.count(this.uow.manager);
  }
}
