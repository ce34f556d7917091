import { Injectable } from '@nestjs/common';
import { DataSource, IsNull } from 'typeorm';
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

  async update(
    workspaceId: string,
    channelId: string,
    patch: Partial<Pick<ChannelEntity, 'name' | 'config' | 'secretsEncrypted' | 'status' | 'lastError'>>,
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
