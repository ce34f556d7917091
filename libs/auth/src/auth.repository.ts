import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { UserEntity, WorkspaceMemberEntity, type WorkspaceRole } from '@scrm/database';

export interface MembershipRow {
  workspaceId: string;
  workspaceName: string;
  role: WorkspaceRole;
}

@Injectable()
export class AuthRepository {
  constructor(private readonly dataSource: DataSource) {}

  findUserByEmail(email: string): Promise<UserEntity | null> {
    return this.dataSource.getRepository(UserEntity).findOne({ where: { email } });
  }

  findUser(userId: string): Promise<UserEntity | null> {
    return this.dataSource.getRepository(UserEntity).findOne({ where: { id: userId } });
  }

  async createUser(email: string, name: string, passwordHash: string, em?: EntityManager): Promise<UserEntity> {
    const repo = (em ?? this.dataSource.manager).getRepository(UserEntity);
    return repo.save(repo.create({ email, name, passwordHash }));
  }

  async findRole(workspaceId: string, userId: string): Promise<WorkspaceRole | null> {
    const row = await this.dataSource
      .getRepository(WorkspaceMemberEntity)
      .findOne({ where: { workspaceId, userId }, select: { role: true } });
    return row?.role ?? null;
  }

  async addMember(workspaceId: string, userId: string, role: WorkspaceRole, em?: EntityManager): Promise<void> {
    await (em ?? this.dataSource.manager)
      .createQueryBuilder()
      .insert()
      .into(WorkspaceMemberEntity)
      .values({ workspaceId, userId, role })
      .orUpdate(['role'], ['workspace_id', 'user_id'])
      .execute();
  }

  async memberships(userId: string): Promise<MembershipRow[]> {
    const rows: { workspace_id: string; name: string; role: WorkspaceRole }[] = await this.dataSource.query(
      `SELECT m.workspace_id, w.name, m.role
         FROM workspace_member m JOIN workspace w ON w.id = m.workspace_id
        WHERE m.user_id = $1 ORDER BY m.created_at, m.workspace_id`,
      [userId],
    );
    return rows.map((r) => ({ workspaceId: r.workspace_id, workspaceName: r.name, role: r.role }));
  }

  /** Ids of the users who belong to the workspace (for validating assignees). */
  async isMember(workspaceId: string, userId: string): Promise<boolean> {
    return (await this.findRole(workspaceId, userId)) !== null;
  }
}
