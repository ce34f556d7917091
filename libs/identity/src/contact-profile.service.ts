import { Injectable } from '@nestjs/common';
import { AuditService } from '@scrm/audit';
import { AppException } from '@scrm/common';
import { UnitOfWork, type EntityManager, type LifecycleStage } from '@scrm/database';
import { TimelineService } from '@scrm/timeline';
import { validateAttributePatch, type AttributeValue } from './attribute-value';
import { ContactAttributeRepository } from './contact-attribute.repository';
import { ContactProfileRepository, type ProfileFieldsRow } from './contact-profile.repository';
import type { ChannelContactDto, SentimentTrendDto, TagDto } from './profile.dto';
import { TagRepository } from './tag.repository';

const TREND_WEEKS = 12;
/** A change of the weekly average smaller than this is "steady". */
const TREND_STEP = 0.1;

export interface ProfileView {
  lifecycleStage: LifecycleStage;
  attributes: Record<string, AttributeValue>;
  tags: TagDto[];
  firstSeenAt: Date | null;
  channels: ChannelContactDto[];
  sentiment: SentimentTrendDto;
}

interface Actor {
  workspaceId: string;
  userId: string;
}

const toTagDto = (t: { id: string; name: string }): TagDto => ({ id: t.id, name: t.name });

const round = (n: number): number => Math.round(n * 1000) / 1000;

/** Lifecycle stage, attribute values and tags of one contact, and the profile read from its messages. */
@Injectable()
export class ContactProfileService {
  constructor(
    private readonly repo: ContactProfileRepository,
    private readonly attributes: ContactAttributeRepository,
    private readonly tags: TagRepository,
    private readonly uow: UnitOfWork,
    private readonly timeline: TimelineService,
    private readonly audit: AuditService,
  ) {}

  /** The profile of a contact the caller has already read (its lifecycle stage and attribute values). */
  async profile(
    workspaceId: string,
    contactId: string,
    fields: Pick<ProfileFieldsRow, 'lifecycle_stage' | 'attributes'>,
  ): Promise<ProfileView> {
    const em = this.uow.manager;
    const [tags, firstSeenAt, channels, weeks] = [
      await this.tags.tagsOf(em, workspaceId, contactId),
      await this.repo.firstInboundAt(em, workspaceId, contactId),
      await this.repo.channelContacts(em, workspaceId, contactId),
      await this.repo.sentimentWeeks(em, workspaceId, contactId, TREND_WEEKS),
    ];
    return {
      lifecycleStage: fields.lifecycle_stage,
      attributes: fields.attributes,
      tags: tags.map(toTagDto),
      firstSeenAt,
      channels: channels.map((c) => {
        const last = [c.last_inbound_at, c.last_outbound_at].filter((d): d is Date => d !== null);
        return {
          channelId: c.channel_id,
          channelType: c.channel_type,
          channelName: c.channel_name,
          lastInboundAt: c.last_inbound_at?.toISOString() ?? null,
          lastOutboundAt: c.last_outbound_at?.toISOString() ?? null,
          lastContactAt: new Date(Math.max(...last.map((d) => d.getTime()))).toISOString(),
        };
      }),
      sentiment: sentimentTrend(
        weeks.map((w) => ({ weekStart: w.week_start, averageScore: round(w.average), messages: w.messages })),
      ),
    };
  }

  async setLifecycle(actor: Actor, contactId: string, stage: LifecycleStage): Promise<void> {
    await this.uow.run(async (tx) => {
      const c = await this.writable(tx, actor.workspaceId, contactId);
      if (c.lifecycle_stage === stage) return;
      await this.repo.setLifecycle(tx, actor.workspaceId, contactId, stage);
      await this.record(tx, actor, contactId, 'contact.lifecycle_changed', { from: c.lifecycle_stage, to: stage });
      await this.audit.record(tx, {
        workspaceId: actor.workspaceId,
        actorUserId: actor.userId,
        action: 'contact.updated',
        targetType: 'contact',
        targetId: contactId,
        data: { fields: ['lifecycleStage'] },
      });
    });
  }

  async setAttributes(
    actor: Actor,
    contactId: string,
    values: Record<string, unknown>,
  ): Promise<Record<string, AttributeValue>> {
    return this.uow.run(async (tx) => {
      const c = await this.writable(tx, actor.workspaceId, contactId);
      const patch = validateAttributePatch(await this.attributes.list(tx, actor.workspaceId), values);
      const keys = [...Object.keys(patch.set), ...patch.clear];
      if (keys.length === 0) return c.attributes;
      const attributes = await this.repo.patchAttributes(tx, actor.workspaceId, contactId, patch.set, patch.clear);
      // Keys only: attribute values may be personal data.
      await this.record(tx, actor, contactId, 'contact.attributes_changed', { keys });
      await this.audit.record(tx, {
        workspaceId: actor.workspaceId,
        actorUserId: actor.userId,
        action: 'contact.updated',
        targetType: 'contact',
        targetId: contactId,
        data: { fields: keys.map((k) => `attributes.${k}`) },
      });
      return attributes;
    });
  }

  async listTags(workspaceId: string): Promise<TagDto[]> {
    return (await this.tags.list(this.uow.manager, workspaceId)).map(toTagDto);
  }

  async addTag(actor: Actor, contactId: string, name: string): Promise<TagDto[]> {
    return this.uow.run(async (tx) => {
      await this.writable(tx, actor.workspaceId, contactId);
      const tag = await this.tags.findOrCreate(tx, actor.workspaceId, name.trim());
      if (await this.tags.add(tx, actor.workspaceId, contactId, tag.id)) {
        await this.tagEvent(tx, actor, contactId, 'contact.tagged', tag.id);
      }
      return this.tagsOf(tx, actor.workspaceId, contactId);
    });
  }

  async removeTag(actor: Actor, contactId: string, tagId: string): Promise<TagDto[]> {
    return this.uow.run(async (tx) => {
      await this.writable(tx, actor.workspaceId, contactId);
      if (!(await this.tags.find(tx, actor.workspaceId, tagId))) throw AppException.notFound('tag');
      if (await this.tags.remove(tx, actor.workspaceId, contactId, tagId)) {
        await this.tagEvent(tx, actor, contactId, 'contact.untagged', tagId);
      }
      return this.tagsOf(tx, actor.workspaceId, contactId);
    });
  }

  private async tagsOf(tx: EntityManager, workspaceId: string, contactId: string): Promise<TagDto[]> {
    return (await this.tags.tagsOf(tx, workspaceId, contactId)).map(toTagDto);
  }

  /** Locks the contact; a contact merged into another is changed through the one it was merged into. */
  private async writable(tx: EntityManager, workspaceId: string, contactId: string): Promise<ProfileFieldsRow> {
    const c = await this.repo.lock(tx, workspaceId, contactId);
    if (!c) throw AppException.notFound('contact');
    if (c.merged_into_id) {
      throw new AppException('CONFLICT', `contact ${contactId} is merged into ${c.merged_into_id}; change that one`);
    }
    return c;
  }

  private async tagEvent(
    tx: EntityManager,
    actor: Actor,
    contactId: string,
    kind: 'contact.tagged' | 'contact.untagged',
    tagId: string,
  ): Promise<void> {
    await this.record(tx, actor, contactId, kind, { tagId });
    await this.audit.record(tx, {
      workspaceId: actor.workspaceId,
      actorUserId: actor.userId,
      action: kind,
      targetType: 'contact',
      targetId: contactId,
      data: { tagId },
    });
  }

  private async record(
    tx: EntityManager,
    actor: Actor,
    contactId: string,
    kind: string,
    data: Record<string, unknown>,
  ): Promise<void> {
    await this.timeline.recordForContact(tx, {
      workspaceId: actor.workspaceId,
      contactId,
      kind,
      actorUserId: actor.userId,
      data,
    });
  }
}

/** The overall average, and whether the latest week is better or worse than the ones before it. */
export function sentimentTrend(
  weeks: { weekStart: string; averageScore: number; messages: number }[],
): SentimentTrendDto {
  const total = weeks.reduce((n, w) => n + w.messages, 0);
  const averageScore = total === 0 ? null : round(weeks.reduce((s, w) => s + w.averageScore * w.messages, 0) / total);
  let direction: SentimentTrendDto['direction'] = null;
  const latest = weeks[weeks.length - 1];
  const earlier = weeks.slice(0, -1);
  if (latest && earlier.length > 0) {
    const n = earlier.reduce((s, w) => s + w.messages, 0);
    const before = earlier.reduce((s, w) => s + w.averageScore * w.messages, 0) / n;
    const delta = latest.averageScore - before;
    direction = delta >= TREND_STEP ? 'improving' : delta <= -TREND_STEP ? 'worsening' : 'steady';
  }
  return { averageScore, direction, weeks };
}
