import { Injectable } from '@nestjs/common';
import { AuditService } from '@scrm/audit';
import { AppException } from '@scrm/common';
import { UnitOfWork, type EntityManager } from '@scrm/database';
import { TimelineService } from '@scrm/timeline';
import type { FieldChoicesDto, MergeDto, MergeSuggestionDto, UnmergeResultDto } from './merge.dto';
import type { AttributeValue } from './attribute-value';
import { MergeRepository, type ContactFields, type LockedContact, type MergeRow } from './merge.repository';
import { MergeSuggestionRepository, type SuggestionRow } from './merge-suggestion.repository';

const later = (a: string | null, b: string | null): string | null =>
  a === null ? b : b === null ? a : new Date(a) >= new Date(b) ? a : b;

function fieldsOf(c: LockedContact): ContactFields {
  return {
    name: c.name,
    avatar_url: c.avatar_url,
    last_seen_at: c.last_seen_at,
    lifecycle_stage: c.lifecycle_stage,
    attributes: c.attributes,
  };
}

const sameValue = (a: AttributeValue | undefined, b: AttributeValue | undefined): boolean => a === b;

/**
 * Chooses the surviving contact's fields: its own unless the caller picks the other's, or it has none
 * (a stage of `new` counts as none). Attribute values are combined key by key the same way.
 */
export function chooseFields(self: ContactFields, other: ContactFields, choices: FieldChoicesDto = {}): ContactFields {
  const pick = <K extends 'name' | 'avatar_url'>(key: K, choice: 'self' | 'other' | undefined): ContactFields[K] =>
    choice === 'other' ? other[key] : choice === 'self' ? self[key] : (self[key] ?? other[key]);
  const selfStage = self.lifecycle_stage ?? 'new';
  const otherStage = other.lifecycle_stage ?? 'new';
  const stage =
    choices.lifecycleStage === 'other'
      ? otherStage
      : choices.lifecycleStage === 'self' || selfStage !== 'new'
        ? selfStage
        : otherStage;
  const attributes =
    choices.attributes === 'other'
      ? { ...self.attributes, ...other.attributes }
      : { ...other.attributes, ...self.attributes };
  return {
    name: pick('name', choices.name),
    avatar_url: pick('avatar_url', choices.avatarUrl),
    last_seen_at: later(self.last_seen_at, other.last_seen_at),
    lifecycle_stage: stage,
    attributes,
  };
}

/**
 * The survivor's fields after un-merge: each field (and each attribute value) goes back to what it
 * was before the merge where it still holds what the merge chose; a change made since is kept.
 */
export function restoreFields(
  current: ContactFields,
  m: Pick<MergeRow, 'surviving_before' | 'surviving_after'>,
): ContactFields {
  const before = m.surviving_before;
  const after = m.surviving_after;
  const restore = <K extends 'name' | 'avatar_url' | 'lifecycle_stage'>(key: K): ContactFields[K] =>
    current[key] === after[key] ? before[key] : current[key];
  let attributes = current.attributes;
  if (after.attributes !== undefined && before.attributes !== undefined && current.attributes !== undefined) {
    attributes = {};
    const keys = new Set([...Object.keys(current.attributes), ...Object.keys(before.attributes)]);
    for (const key of keys) {
      const now = current.attributes[key];
      const value = sameValue(now, after.attributes[key]) ? before.attributes[key] : now;
      if (value !== undefined) attributes[key] = value;
    }
  }
  return {
    name: restore('name'),
    avatar_url: restore('avatar_url'),
    last_seen_at: current.last_seen_at,
    lifecycle_stage: after.lifecycle_stage === undefined ? current.lifecycle_stage : restore('lifecycle_stage'),
    attributes,
  };
}

/**
 * Reversible merge. Un-merge restores the surviving contact's fields only where they still hold what
 * the merge chose, so edits made since are kept, and routes by identity so anything that arrived
 * after the merge from the absorbed contact's handles goes back with it.
 */
@Injectable()
export class MergeService {
  constructor(
    private readonly repo: MergeRepository,
    private readonly suggestions: MergeSuggestionRepository,
    private readonly uow: UnitOfWork,
    private readonly timeline: TimelineService,
    private readonly audit: AuditService,
  ) {}

  merge(
    workspaceId: string,
    userId: string,
    survivingId: string,
    absorbedId: string,
    choices?: FieldChoicesDto,
  ): Promise<MergeDto> {
    return this.uow.run((tx) => this.mergeIn(tx, workspaceId, userId, survivingId, absorbedId, choices));
  }

  /**
   * An automatic merge of an exact, safe match (the same WeChat unionid): no actor, the evidence on the
   * timeline and in the audit log, undone like any other. Skipped when either contact is already merged
   * or when an agent undid a merge of the same pair — an undone automatic merge is not redone.
   */
  autoMerge(
    workspaceId: string,
    survivingId: string,
    absorbedId: string,
    evidence: Record<string, unknown>,
  ): Promise<MergeDto | undefined> {
    return this.uow.run(async (tx) => {
      if (survivingId === absorbedId) return undefined;
      if (await this.repo.wasUndone(tx, workspaceId, survivingId, absorbedId)) return undefined;
      const locked = await this.repo.lockContacts(tx, workspaceId, [survivingId, absorbedId]);
      const surviving = locked.find((c) => c.id === survivingId);
      const absorbed = locked.find((c) => c.id === absorbedId);
      if (!surviving || !absorbed || locked.some((c) => c.merged_into_id || c.erased)) return undefined;
      return this.mergeLocked(tx, workspaceId, null, surviving, absorbed, undefined, { automatic: true, ...evidence });
    });
  }

  private async mergeIn(
    tx: EntityManager,
    workspaceId: string,
    userId: string | null,
    survivingId: string,
    absorbedId: string,
    choices?: FieldChoicesDto,
  ): Promise<MergeDto> {
    if (survivingId === absorbedId) throw AppException.invalid('a contact cannot be merged into itself');
    const locked = await this.repo.lockContacts(tx, workspaceId, [survivingId, absorbedId]);
    const surviving = locked.find((c) => c.id === survivingId);
    const absorbed = locked.find((c) => c.id === absorbedId);
    if (!surviving) throw AppException.notFound('contact');
    if (!absorbed) throw AppException.notFound('otherContactId: contact');
    for (const c of [surviving, absorbed]) {
      if (c.erased) throw new AppException('CONFLICT', `contact ${c.id} was erased and cannot be merged`);
      if (c.merged_into_id) {
        throw new AppException('CONFLICT', `contact ${c.id} is already merged into ${c.merged_into_id}`);
      }
    }
    return this.mergeLocked(tx, workspaceId, userId, surviving, absorbed, choices);
  }

  /** Merges two contacts the caller has locked and found live. */
  private async mergeLocked(
    tx: EntityManager,
    workspaceId: string,
    userId: string | null,
    surviving: LockedContact,
    absorbed: LockedContact,
    choices?: FieldChoicesDto,
    evidence: Record<string, unknown> = {},
  ): Promise<MergeDto> {
    const survivingId = surviving.id;
    const absorbedId = absorbed.id;
    const after = chooseFields(fieldsOf(surviving), fieldsOf(absorbed), choices);
    const moved = await this.repo.moveAll(tx, workspaceId, absorbedId, survivingId);
    const tagIdsAdded = await this.repo.copyTags(tx, workspaceId, absorbedId, survivingId);
    await this.repo.setFields(tx, workspaceId, survivingId, after, null);
    await this.repo.setFields(tx, workspaceId, absorbedId, fieldsOf(absorbed), survivingId);
    const row = await this.repo.insertMerge(
      tx,
      {
        workspaceId,
        survivingContactId: survivingId,
        absorbedContactId: absorbedId,
        actorUserId: userId,
        survivingBefore: fieldsOf(surviving),
        survivingAfter: after,
        absorbedBefore: fieldsOf(absorbed),
      },
      { ...moved, tagIdsAdded },
    );
    await this.mark(tx, workspaceId, userId, 'contact.merged', row, {
      identitiesMoved: moved.identityIds.length,
      conversationsMoved: moved.conversationIds.length,
      tagsAdded: tagIdsAdded.length,
      ...evidence,
    });
    return toDto(row);
  }

  unmerge(workspaceId: string, userId: string, survivingId: string, mergeId: string): Promise<UnmergeResultDto> {
    return this.uow.run(async (tx) => {
      if (!(await this.repo.lockContacts(tx, workspaceId, [survivingId])).length)
        throw AppException.notFound('contact');
      const m = await this.repo.findMerge(tx, workspaceId, mergeId, true);
      if (!m || m.surviving_contact_id !== survivingId) throw AppException.notFound('mergeId: merge of this contact');
      if (m.undone_at) throw new AppException('CONFLICT', 'this merge has already been undone');
      const locked = await this.repo.lockContacts(tx, workspaceId, [m.surviving_contact_id, m.absorbed_contact_id]);
      const surviving = locked.find((c) => c.id === m.surviving_contact_id)!;
      const absorbed = locked.find((c) => c.id === m.absorbed_contact_id)!;
      if (surviving.merged_into_id) {
        throw new AppException(
          'CONFLICT',
          `contact ${surviving.id} has since been merged into ${surviving.merged_into_id}; undo that merge first`,
        );
      }
      const moved = await this.repo.moveBack(tx, workspaceId, m);
      const seenSince = await this.repo.lastInboundAt(tx, workspaceId, m.identity_ids);
      await this.repo.setFields(
        tx,
        workspaceId,
        absorbed.id,
        { ...m.absorbed_before, last_seen_at: later(m.absorbed_before.last_seen_at, seenSince) },
        null,
      );
      await this.repo.setFields(tx, workspaceId, surviving.id, restoreFields(fieldsOf(surviving), m), null);
      await this.repo.removeTags(tx, workspaceId, surviving.id, m.tag_ids_added);
      await this.repo.markUndone(tx, workspaceId, m.id, userId);
      const undone = (await this.repo.findMerge(tx, workspaceId, m.id))!;
      await this.mark(tx, workspaceId, userId, 'contact.unmerged', undone, {
        identitiesMoved: moved.identities,
        conversationsMoved: moved.conversations,
      });
      return { merge: toDto(undone), identitiesMoved: moved.identities, conversationsMoved: moved.conversations };
    });
  }

  async mergesOf(workspaceId: string, contactId: string): Promise<MergeDto[]> {
    if (!(await this.repo.oldestOf(this.uow.manager, workspaceId, [contactId]))) throw AppException.notFound('contact');
    return (await this.repo.mergesOf(this.uow.manager, workspaceId, contactId)).map(toDto);
  }

  suggest(workspaceId: string, limit: number): Promise<MergeSuggestionDto[]> {
    return this.uow.run(async (tx) => {
      await this.suggestions.detect(tx, workspaceId);
      return (await this.suggestions.pending(tx, workspaceId, limit)).map(suggestionDto);
    });
  }

  decide(
    workspaceId: string,
    userId: string,
    suggestionId: string,
    decision: 'accept' | 'reject',
    survivingContactId?: string,
    choices?: FieldChoicesDto,
  ): Promise<MergeSuggestionDto> {
    return this.uow.run(async (tx) => {
      const s = await this.suggestions.find(tx, workspaceId, suggestionId);
      if (!s) throw AppException.notFound('merge suggestion');
      if (s.status !== 'pending') throw new AppException('CONFLICT', `this suggestion is already ${s.status}`);
      let mergeId: string | null = null;
      if (decision === 'accept') {
        const pair = [s.contact_a_id, s.contact_b_id];
        const survivor = survivingContactId ?? (await this.older(tx, workspaceId, pair));
        if (!pair.includes(survivor)) throw AppException.invalid('survivingContactId must be one of the two contacts');
        const other = pair.find((c) => c !== survivor)!;
        mergeId = (await this.mergeIn(tx, workspaceId, userId, survivor, other, choices)).id;
      }
      const status = decision === 'accept' ? 'accepted' : 'rejected';
      await this.suggestions.decide(tx, workspaceId, s.id, status, userId, mergeId);
      await this.audit.record(tx, {
        workspaceId,
        actorUserId: userId,
        action: `merge_suggestion.${status}`,
        targetType: 'merge_suggestion',
        targetId: s.id,
        data: { contactIds: [s.contact_a_id, s.contact_b_id], reason: s.reason, mergeId },
      });
      return suggestionDto({ ...s, status, merge_id: mergeId });
    });
  }

  private async older(tx: EntityManager, workspaceId: string, pair: string[]): Promise<string> {
    const contacts = await this.repo.lockContacts(tx, workspaceId, pair);
    if (contacts.length < 2) throw AppException.notFound('contact');
    return (await this.repo.oldestOf(tx, workspaceId, pair)) ?? pair[0]!;
  }

  private async mark(
    tx: EntityManager,
    workspaceId: string,
    userId: string | null,
    kind: 'contact.merged' | 'contact.unmerged',
    m: MergeRow,
    counts: Record<string, unknown>,
  ): Promise<void> {
    const data = {
      mergeId: m.id,
      survivingContactId: m.surviving_contact_id,
      absorbedContactId: m.absorbed_contact_id,
      ...counts,
    };
    const at = new Date();
    await this.timeline.record(
      tx,
      [m.surviving_contact_id, m.absorbed_contact_id].map((contactId) => ({
        workspaceId,
        contactId,
        conversationId: null,
        messageId: null,
        kind,
        actorUserId: userId,
        data,
        occurredAt: at,
      })),
    );
    await this.audit.record(tx, {
      workspaceId,
      actorUserId: userId,
      action: kind,
      targetType: 'contact',
      targetId: m.surviving_contact_id,
      data,
    });
  }
}

function toDto(m: MergeRow): MergeDto {
  return {
    id: m.id,
    survivingContactId: m.surviving_contact_id,
    absorbedContactId: m.absorbed_contact_id,
    actorUserId: m.actor_user_id,
    identityIds: m.identity_ids,
    conversationIds: m.conversation_ids,
    createdAt: m.created_at.toISOString(),
    undoneAt: m.undone_at?.toISOString() ?? null,
  };
}

function suggestionDto(s: SuggestionRow): MergeSuggestionDto {
  return {
    id: s.id,
    contactIds: [s.contact_a_id, s.contact_b_id],
    reason: s.reason,
    evidence: s.evidence,
    confidence: Math.round(s.confidence * 100) / 100,
    status: s.status,
    mergeId: s.merge_id,
    createdAt: s.created_at.toISOString(),
  };
}
