import { Injectable } from '@nestjs/common';
import { DataSource, In, IsNull } from 'typeorm';
import { ChannelEntity } from '@scrm/database';

@Injectable()
export class ChannelRepository {
  constructor(private readonly dataSource: DataSource) {}

  private get repo() {
    return this.dataSource.getRepository(ChannelEntity);
  }

  create(
    row: Pick<ChannelEntity, 'workspaceId' | 'type' | 'name' | 'config' | 'secretsEncrypted'>,
  ): Promise<ChannelEntity> {
    return this.repo.save(this.repo.create({ ...row, status: 'active' }));
  }

  find(workspaceId: string, channelId: string): Promise<ChannelEntity | null> {
    return this.repo.findOne({ where: { workspaceId, id: channelId, deletedAt: IsNull() } });
  }

  list(workspaceId: string): Promise<ChannelEntity[]> {
    return this.repo.find({ where: { workspaceId, deletedAt: IsNull() }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /**
   * The one lookup without a workspace: an inbound push names only its channel id, which is the
   * capability; the row found carries the workspace every later step is scoped to.
   */
  findForInbound(channelId: string): Promise<ChannelEntity | null> {
    return this.repo.findOne({ where: { id: channelId, deletedAt: IsNull() } });
  }

  /**
   * Every live channel of the given types, across workspaces: the session runner's work list. Each
   * row carries its workspace, which scopes everything the session then does.
   */
  listActiveOfTypes(types: string[]): Promise<ChannelEntity[]> {
    if (types.length === 0) return Promise.resolve([]);
    return this.repo.find({ where: { type: In(types), deletedAt: IsNull() }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  async update(
    workspaceId: string,
    channelId: string,
    patch: Partial<
      Pick<
        ChannelEntity,
        'name' | 'config' | 'secretsEncrypted' | 'status' | 'lastError' | 'statusDetail' | 'statusUntil'
      >
    >,
  ): Promise<void> {
    await this.repo.update(
      { workspaceId, id: channelId, deletedAt: IsNull() },
      patch as Parameters<typeof this.repo.update>[1],
    );
  }

  async softDelete(workspaceId: string, channelId: string): Promise<boolean> {
    const res = await this.repo.update(
      { workspaceId, id: channelId, deletedAt: IsNull() },
      { deletedAt: new Date(), status: 'deleted' },
    );
    return (res.affected ?? 0) > 0;
  }
}
