import { Injectable } from '@nestjs/common';
import { AppException } from '@scrm/common';
import { UnitOfWork } from '@scrm/database';
import { CannedResponseRepository, type CannedRow } from './canned-response.repository';

export interface CannedResponseView {
  id: string;
  shortcut: string;
  content: string;
  updatedAt: string;
}

const toView = (r: CannedRow): CannedResponseView => ({
  id: r.id,
  shortcut: r.shortcut,
  content: r.content,
  updatedAt: r.updated_at.toISOString(),
});

/**
 * Saved replies per workspace. Variables such as `{{contact.name}}` are stored as written and filled
 * in by the client that inserts them (it knows the conversation being answered).
 */
@Injectable()
export class CannedResponseService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly repo: CannedResponseRepository,
  ) {}

  async list(workspaceId: string): Promise<CannedResponseView[]> {
    return (await this.repo.list(this.uow.manager, workspaceId)).map(toView);
  }

  async create(workspaceId: string, shortcut: string, content: string): Promise<CannedResponseView> {
    const row = await this.repo.insert(this.uow.manager, workspaceId, shortcut, content);
    if (!row) throw new AppException('CONFLICT', `the shortcut "/${shortcut}" is already used`);
    return toView(row);
  }

  async update(workspaceId: string, id: string, shortcut: string, content: string): Promise<CannedResponseView> {
    let row: CannedRow | undefined;
    try {
      row = await this.repo.update(this.uow.manager, workspaceId, id, shortcut, content);
    } catch (err) {
      throw new AppException('CONFLICT', `the shortcut "/${shortcut}" is already used`, { cause: err });
    }
    if (!row) throw AppException.notFound('canned response');
    return toView(row);
  }

  async delete(workspaceId: string, id: string): Promise<void> {
    if (!(await this.repo.delete(this.uow.manager, workspaceId, id))) throw AppException.notFound('canned response');
  }
}
