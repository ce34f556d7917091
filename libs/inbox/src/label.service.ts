import { Injectable } from '@nestjs/common';
import { AppException, isUuid } from '@scrm/common';
import { UnitOfWork } from '@scrm/database';
import type { Principal } from '@scrm/auth';
import type { ConversationView } from '@scrm/realtime';
import { TimelineService } from '@scrm/timeline';
import { ConversationRepository } from './conversation.repository';
import { InboxPublisher } from './inbox-publisher';
import { toConversationView } from './inbox.mappers';
import { LabelRepository, type LabelRow } from './label.repository';

export interface LabelView {
  id: string;
  name: string;
  color: string;
}

const toView = (r: LabelRow): LabelView => ({ id: r.id, name: r.name, color: r.color });

/** Workspace labels and the labels on each conversation. */
@Injectable()
export class LabelService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly labels: LabelRepository,
    private readonly conversations: ConversationRepository,
    private readonly timeline: TimelineService,
    private readonly publisher: InboxPublisher,
  ) {}

  async list(workspaceId: string): Promise<LabelView[]> {
    return (await this.labels.list(this.uow.manager, workspaceId)).map(toView);
  }

  async create(workspaceId: string, name: string, color: string | undefined): Promise<LabelView> {
    const row = await this.labels.insert(this.uow.manager, workspaceId, name.trim(), color ?? '#4a7bd0');
    if (!row) throw new AppException('CONFLICT', `a label named "${name.trim()}" already exists`);
    return toView(row);
  }

  async delete(workspaceId: string, labelId: string): Promise<void> {
    const touched = await this.uow.run((tx) => this.labels.delete(tx, workspaceId, labelId));
    if (!touched) throw AppException.notFound('label');
    if (touched.length > 0) await this.publisher.conversationsChanged(workspaceId, touched);
  }

  async setForConversation(p: Principal, conversationId: string, labelIds: string[]): Promise<ConversationView> {
    const { workspaceId } = p;
    const ids = [...new Set(labelIds.map((x) => x.toLowerCase()))];
    if (ids.some((x) => !isUuid(x))) throw AppException.invalid('labelIds must be label UUIDs');
    await this.uow.run(async (tx) => {
      const conv = await this.conversations.lockForUpdate(tx, workspaceId, conversationId);
      if (!conv) throw AppException.notFound('conversation');
      if ((await this.labels.countExisting(tx, workspaceId, ids)) !== ids.length) {
        throw AppException.invalid('labelIds names a label that does not exist in this workspace');
      }
      await this.labels.setForConversation(tx, workspaceId, conversationId, ids);
      await this.timeline.record(tx, [
        {
          workspaceId,
          contactId: conv.contact_id,
          conversationId,
          messageId: null,
          kind: 'conversation.labels_changed',
          actorUserId: p.userId,
          data: { labelIds: ids },
          occurredAt: new Date(),
        },
      ]);
    });
    await this.publisher.conversationsChanged(workspaceId, [conversationId]);
    const row = await this.conversations.find(this.uow.manager, workspaceId, conversationId, p.userId);
    return toConversationView(row!);
  }
}
