import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { sqlRows } from '@scrm/database';

export interface NewAttachment {
  workspaceId: string;
  channelId: string;
  name: string | null;
  contentType: string;
  data: Buffer;
}

export interface StoredAttachment {
  name: string | null;
  content_type: string;
  size: number;
  data: Buffer;
}

/**
 * The `attachment` table: files Murmur stores itself (inbound media, agents' uploads). Here rather than
 * in ingest, which writes most of them, because replies read it too and ingest depends on the inbox.
 */
@Injectable()
export class AttachmentRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(a: NewAttachment): Promise<string> {
    const [row] = await sqlRows<{ id: string }>(
      this.dataSource.manager,
      `INSERT INTO attachment (workspace_id, channel_id, name, content_type, size, data)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [a.workspaceId, a.channelId, a.name, a.contentType, a.data.length, a.data],
    );
    return row!.id;
  }

  async find(workspaceId: string, id: string): Promise<StoredAttachment | undefined> {
    const [row] = await sqlRows<StoredAttachment>(
      this.dataSource.manager,
      `SELECT name, content_type, size, data FROM attachment WHERE workspace_id = $1 AND id = $2`,
      [workspaceId, id],
    );
    return row;
  }

  /** The stored files among `ids` in the workspace (name, type, size; not the bytes), in no particular order. */
  findInfo(workspaceId: string, ids: string[]): Promise<(Omit<StoredAttachment, 'data'> & { id: string })[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return sqlRows<Omit<StoredAttachment, 'data'> & { id: string }>(
      this.dataSource.manager,
      `SELECT id, name, content_type, size FROM attachment WHERE workspace_id = $1 AND id = ANY($2::uuid[])`,
      [workspaceId, ids],
    );
  }

  /** The stored files among `ids` in the workspace, with their bytes, in no particular order. */
  findMany(workspaceId: string, ids: string[]): Promise<(StoredAttachment & { id: string })[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return sqlRows<StoredAttachment & { id: string }>(
      this.dataSource.manager,
      `SELECT id, name, content_type, size, data FROM attachment WHERE workspace_id = $1 AND id = ANY($2::uuid[])`,
      [workspaceId, ids],
    );
  }
}
