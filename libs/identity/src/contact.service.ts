import { Injectable } from '@nestjs/common';
import { AuditService } from '@scrm/audit';
import { AppException } from '@scrm/common';
import { UnitOfWork, type EntityManager } from '@scrm/database';
import { TimelineService, type TimelineFilter, type TimelinePageDto } from '@scrm/timeline';
import type { ContactDto } from './contact.dto';
import { ContactProfileService } from './contact-profile.service';
import { MergeService } from './merge.service';
import { toIdentityDto } from './identity.mapper';
import { IdentityRepository, type HandleInput, type IdentityRow, type ResolvedHandle } from './identity.repository';

@Injectable()
export class ContactService {
  constructor(
    private readonly repo: IdentityRepository,
    private readonly uow: UnitOfWork,
    private readonly timeline: TimelineService,
    private readonly audit: AuditService,
    private readonly profiles: ContactProfileService,
    private readonly merges: MergeService,
  ) {}

  /** Inside the caller's transaction: the identity and contact of each handle, created when new. */
  resolveHandles(tx: EntityManager, handles: HandleInput[]): Promise<Map<string, ResolvedHandle>> {
    return this.repo.resolveHandles(tx, handles);
  }

  /**
   * Safe automatic merges: an identity whose WeChat unionid another contact of the workspace already
   * has joins that (older) contact. Runs after the identities are committed; a lost run is redone by the
   * next message or event carrying the unionid. One query finds which of the batch's identities share
   * their unionid with another live contact; only those are looked at one by one.
   */
  async mergeByUnionId(handles: ResolvedHandle[]): Promise<void> {
    const distinct = new Map<string, ResolvedHandle & { unionId: string }>();
    for (const h of handles) {
      if (h.unionId && !distinct.has(h.identityId)) distinct.set(h.identityId, { ...h, unionId: h.unionId });
    }
    if (distinct.size === 0) return;
    const shared = await this.repo.identitiesWithSharedUnionId(this.uow.manager, [...distinct.values()]);
    for (const h of distinct.values()) {
      if (!shared.has(h.identityId)) continue;
      // Re-read: an earlier merge of this loop may have moved the identity or taken the other contact.
      const current = await this.repo.findIdentity(this.uow.manager, h.workspaceId, h.identityId);
      if (!current) continue;
      const others = await this.repo.contactsWithUnionId(
        this.uow.manager,
        h.workspaceId,
        h.unionId,
        current.contact_id,
      );
      const survivor = others[0];
      if (!survivor) continue;
      await this.merges.autoMerge(h.workspaceId, survivor, current.contact_id, {
        reason: 'same_unionid',
        identityId: h.identityId,
      });
    }
  }

  async get(workspaceId: string, contactId: string, viewerUserId: string): Promise<ContactDto> {
    const em = this.uow.manager;
    const row = await this.repo.findContact(em, workspaceId, contactId);
    if (!row) throw AppException.notFound('contact');
    await this.audit.recordNow({
      workspaceId,
      actorUserId: viewerUserId,
      action: 'contact.viewed',
      targetType: 'contact',
      targetId: contactId,
    });
    const identities = await this.repo.identitiesOf(em, workspaceId, contactId);
    const profile = await this.profiles.profile(workspaceId, contactId, row);
    const firstSeen =
      profile.firstSeenAt && profile.firstSeenAt < row.created_at ? profile.firstSeenAt : row.created_at;
    return {
      id: row.id,
      name: row.name,
      avatarUrl: row.avatar_url,
      lastSeenAt: row.last_seen_at?.toISOString() ?? null,
      mergedIntoId: row.merged_into_id,
      erasedAt: row.erased_at?.toISOString() ?? null,
      createdAt: row.created_at.toISOString(),
      updatedAt: row.updated_at.toISOString(),
      identities: identities.map(toIdentityDto),
      lifecycleStage: profile.lifecycleStage,
      attributes: profile.attributes,
      tags: profile.tags,
      firstSeenAt: firstSeen.toISOString(),
      channels: profile.channels,
      sentiment: profile.sentiment,
    };
  }

  async timelineOf(
    workspaceId: string,
    contactId: string,
    cursor: string | undefined,
    limit: number,
    filter: TimelineFilter = {},
  ): Promise<TimelinePageDto> {
    if (!(await this.repo.findContact(this.uow.manager, workspaceId, contactId)))
      throw AppException.notFound('contact');
    return this.timeline.contactTimeline(workspaceId, contactId, cursor, limit, filter);
  }

  findIdentity(workspaceId: string, identityId: string): Promise<IdentityRow | undefined> {
    return this.repo.findIdentity(this.uow.manager, workspaceId, identityId);
  }
}
