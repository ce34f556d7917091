import { Injectable } from '@nestjs/common';
import { AppConfig } from '@scrm/config';
import { AppException, attachmentUrl, storedAttachmentId } from '@scrm/common';
import { UnitOfWork } from '@scrm/database';
import { AttachmentRepository, ConversationRepository, type StoredAttachment } from '@scrm/inbox';
import type { Attachment, NormalizedInboundMessage } from '@scrm/connector-sdk';

const SAFE_TYPE = /^[\w.+-]+\/[\w.+-]+$/;

/**
 * Keeps the files connectors hand over inline: each is stored once (up to ATTACHMENT_MAX_BYTES) and its
 * reference becomes an authenticated Murmur URL; a larger file keeps only its platform reference.
 */
@Injectable()
export class AttachmentService {
  constructor(
    private readonly repo: AttachmentRepository,
    private readonly config: AppConfig,
    private readonly uow: UnitOfWork,
    private readonly conversations: ConversationRepository,
  ) {}

  /** An agent's file for a reply, stored under the conversation's channel. */
  async upload(
    workspaceId: string,
    conversationId: string,
    data: Buffer,
    contentType: string | undefined,
    name: string | undefined,
  ): Promise<{ id: string; url: string; size: number; contentType: string }> {
    const conversation = await this.conversations.find(this.uow.manager, workspaceId, conversationId);
    if (!conversation) throw AppException.notFound('conversation');
    if (data.length > this.config.attachmentMaxBytes) {
      throw new AppException('PAYLOAD_TOO_LARGE', `the file is larger than ${this.config.attachmentMaxBytes} bytes`);
    }
    return this.save(workspaceId, conversation.channel_id, data, {
      name: name?.replace(/[/\\]/g, ''),
      contentType: contentType?.split(';')[0]?.trim(),
    });
  }

  async storeInline(
    workspaceId: string,
    channelId: string,
    messages: NormalizedInboundMessage[],
  ): Promise<NormalizedInboundMessage[]> {
    const out: NormalizedInboundMessage[] = [];
    for (const m of messages) {
      if (!m.attachments.some((a) => a.content !== undefined || a.mediaRef !== undefined)) {
        out.push(m);
        continue;
      }
      const attachments: Attachment[] = [];
      for (const a of m.attachments) attachments.push(await this.storeOne(workspaceId, channelId, a));
      out.push({ ...m, attachments });
    }
    return out;
  }

  private async storeOne(workspaceId: string, channelId: string, a: Attachment): Promise<Attachment> {
    const { content, ...rest } = a;
    if (content === undefined) {
      // A platform reference to download once the message is stored (the media fetch job).
      return rest.mediaRef !== undefined ? { ...rest, status: 'pending' } : rest;
    }
    const { mediaRef: _mediaRef, ...kept } = rest;
    return { ...kept, ...(await this.store(workspaceId, channelId, Buffer.from(content, 'base64'), a)) };
  }

  /**
   * Stores one file's bytes (up to ATTACHMENT_MAX_BYTES) and answers the fields that make an attachment
   * point at it; a larger file answers only its size.
   */
  async store(
    workspaceId: string,
    channelId: string,
    data: Buffer,
    meta: { name?: string; contentType?: string },
  ): Promise<{ url?: string; size: number; contentType?: string }> {
    if (data.length > this.config.attachmentMaxBytes) return { size: data.length };
    const { id: _id, ...stored } = await this.save(workspaceId, channelId, data, meta);
    return stored;
  }

  /** Stores one file's bytes, whatever their size; the content type is kept only when it is safe to serve. */
  private async save(
    workspaceId: string,
    channelId: string,
    data: Buffer,
    meta: { name?: string; contentType?: string },
  ): Promise<{ id: string; url: string; size: number; contentType: string }> {
    const contentType =
      meta.contentType && SAFE_TYPE.test(meta.contentType) ? meta.contentType : 'application/octet-stream';
    const id = await this.repo.insert({ workspaceId, channelId, name: meta.name ?? null, contentType, data });
    return { id, url: attachmentUrl(id), size: data.length, contentType };
  }

  /** The largest file Murmur stores itself. */
  get maxBytes(): number {
    return this.config.attachmentMaxBytes;
  }

  /**
   * Outbound: attachments that are Murmur's own files get their bytes inline (`content`), so a connector
   * can upload them to the platform; other references pass through. A file gone since is left out.
   */
  async inline(workspaceId: string, attachments: Attachment[]): Promise<Attachment[]> {
    const ids = attachments.map((a) => storedAttachmentId(a.url));
    const own = ids.filter((id): id is string => id !== undefined);
    const rows = new Map((await this.repo.findMany(workspaceId, own)).map((r) => [r.id, r]));
    const out: Attachment[] = [];
    attachments.forEach((a, i) => {
      const id = ids[i];
      if (!id) {
        out.push(a);
        return;
      }
      const row = rows.get(id);
      if (row) out.push({ ...a, contentType: row.content_type, size: row.size, content: row.data.toString('base64') });
    });
    return out;
  }

  async get(workspaceId: string, id: string): Promise<StoredAttachment> {
    const row = await this.repo.find(workspaceId, id);
    if (!row) throw AppException.notFound('attachment');
    return row;
  }
}
