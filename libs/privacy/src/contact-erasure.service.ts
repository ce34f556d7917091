import { Injectable, Logger } from '@nestjs/common';
import { AuditService } from '@scrm/audit';
import { AppException } from '@scrm/common';
import { UnitOfWork } from '@scrm/database';
import { InboxPublisher } from '@scrm/inbox';
import { TimelineService } from '@scrm/timeline';
import { ContactErasureRepository } from './contact-erasure.repository';
import type { ErasureResultDto } from './privacy.dto';

/**
 * The right to erasure. One transaction anonymises the contact everywhere its data lives and records
 * the erasure on the timeline and in the audit log (ids and counts only). Not reversible.
 */
@Injectable()
export class ContactErasureService {
  private readonly logger = new Logger('Erasure');

  constructor(
    private readonly repo: ContactErasureRepository,
    private readonly uow: UnitOfWork,
    private readonly timeline: TimelineService,
    private readonly audit: AuditService,
    private readonly publisher: InboxPublisher,
  ) {}

  async erase(workspaceId: string, userId: string, contactId: string): Promise<ErasureResultDto> {
    const { dto: result, conversationIds } = await this.uow.run(async (tx) => {
      const target = await this.repo.lockTarget(tx, workspaceId, contactId);
      if (!target) throw AppException.notFound('contact');
      if (target.erased_at) throw new AppException('CONFLICT', 'this contact is already erased');
      if (target.merged_into_id) {
        throw new AppException(
          'CONFLICT',
          `this contact is merged into ${target.merged_into_id}; erase that contact (it holds this one's data)`,
        );
      }
      const { erasedAt, ...counts } = await this.repo.erase(tx, workspaceId, contactId);
      await this.timeline.recordForContact(tx, {
        workspaceId,
        contactId,
        kind: 'contact.erased',
        actorUserId: userId,
        data: {},
        occurredAt: erasedAt,
      });
      const { contactIds, conversationIds, ...rest } = counts;
      const numbers = { ...rest, conversations: conversationIds.length };
      await this.audit.record(tx, {
        workspaceId,
        actorUserId: userId,
        action: 'contact.erased',
        targetType: 'contact',
        targetId: contactId,
        data: { contactIds, ...numbers },
      });
      const dto: ErasureResultDto = {
        contactId,
        erasedContactIds: contactIds,
        ...numbers,
        erasedAt: erasedAt.toISOString(),
      };
      return { dto, conversationIds };
    });
    // Open inboxes replace what they show of these conversations (the last message text is gone).
    await this.publisher.conversationsChanged(workspaceId, conversationIds);
    this.logger.log(
      `workspace ${workspaceId}: contact ${contactId} erased (${result.messages} message(s), ${result.attachments} file(s))`,
    );
    return result;
  }
}
