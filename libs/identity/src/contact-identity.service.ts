import { Injectable } from '@nestjs/common';
import { AuditService } from '@scrm/audit';
import { AppException } from '@scrm/common';
import { UnitOfWork, type EntityManager } from '@scrm/database';
import { TimelineService } from '@scrm/timeline';
import type { ContactIdentityResultDto } from './contact-identity.dto';
import { normalizeContactIdentity, type ContactIdentityType } from './contact-identity-value';
import { IdentityRepository, type IdentityRow } from './identity.repository';
import { toIdentityDto } from './identity.mapper';
import { MergeSuggestionRepository } from './merge-suggestion.repository';
import { MergeService } from './merge.service';

/** Confidence of a suggestion raised by the same email or phone held unverified on one side. */
const SAME_VALUE_CONFIDENCE = 0.9;

type Outcome =
  { kind: 'stored'; identity: IdentityRow } | { kind: 'owned'; identity: IdentityRow; bothVerified: boolean };

/**
 * Email and phone identities an agent records on a contact. A value is one identity per workspace, so
 * the same address on a second contact is either the same person (verified on both sides: merged
 * automatically, like the same WeChat unionid) or a possible match for an agent to decide on.
 */
@Injectable()
export class ContactIdentityService {
  constructor(
    private readonly repo: IdentityRepository,
    private readonly uow: UnitOfWork,
    private readonly merges: MergeService,
    private readonly suggestions: MergeSuggestionRepository,
    private readonly audit: AuditService,
    private readonly timeline: TimelineService,
  ) {}

  async add(
    workspaceId: string,
    userId: string,
    contactId: string,
    type: ContactIdentityType,
    raw: string,
    verified: boolean,
  ): Promise<ContactIdentityResultDto> {
    const value = normalizeContactIdentity(type, raw);
    const outcome = await this.uow.run((tx) => this.store(tx, workspaceId, userId, contactId, type, value, verified));
    if (outcome.kind === 'stored') return { identity: toIdentityDto(outcome.identity), contactId, merge: null };

    const owner = outcome.identity.contact_id;
    const reason = `same_verified_${type}`;
    if (outcome.bothVerified) {
      const merge = await this.merges.autoMerge(workspaceId, owner, contactId, {
        reason,
        identityId: outcome.identity.id,
      });
      // The identity already belongs to the surviving contact, so the merge did not change it.
      if (merge) return { identity: toIdentityDto(outcome.identity), contactId: owner, merge };
      throw new AppException(
        'CONFLICT',
        `this ${type} is a verified identity of contact ${owner}; the two contacts are not merged automatically ` +
          'because a merge of them was undone (or one is already merged) — merge them by hand if they are the same person',
      );
    }
    await this.uow.run((tx) =>
      this.suggestions.raise(
        tx,
        workspaceId,
        [owner, contactId],
        `same_${type}`,
        { channelType: type, identityId: outcome.identity.id },
        SAME_VALUE_CONFIDENCE,
      ),
    );
    throw new AppException(
      'CONFLICT',
      `this ${type} is already an identity of contact ${owner}; it is not verified on both contacts, so they are not ` +
        'merged automatically — a merge suggestion was raised instead',
    );
  }

  private async store(
    tx: EntityManager,
    workspaceId: string,
    userId: string,
    contactId: string,
    type: ContactIdentityType,
    value: string,
    verified: boolean,
  ): Promise<Outcome> {
    const contact = await this.repo.findContact(tx, workspaceId, contactId);
    if (!contact) throw AppException.notFound('contact');
    if (contact.erased_at) throw new AppException('CONFLICT', `contact ${contactId} was erased`);
    if (contact.merged_into_id) {
      throw new AppException('CONFLICT', `contact ${contactId} is merged into ${contact.merged_into_id}; add it there`);
    }
    const existing =
      (await this.repo.findByValue(tx, workspaceId, type, value)) ??
      (await this.insert(tx, workspaceId, userId, contactId, type, value, verified)) ??
      // Stored by a concurrent request between the look-up and the insert: decide against that row.
      (await this.repo.findByValue(tx, workspaceId, type, value))!;
    if (existing.contact_id !== contactId) {
      return { kind: 'owned', identity: existing, bothVerified: verified && existing.verified === true };
    }
    if (existing.verified !== verified) {
      await this.repo.setVerified(tx, workspaceId, existing.id, verified);
      await this.record(tx, workspaceId, userId, contactId, 'contact.identity_verified', existing, verified);
    }
    return { kind: 'stored', identity: { ...existing, verified } };
  }

  private async insert(
    tx: EntityManager,
    workspaceId: string,
    userId: string,
    contactId: string,
    type: ContactIdentityType,
    value: string,
    verified: boolean,
  ): Promise<IdentityRow | undefined> {
    const row = await this.repo.insertValue(tx, workspaceId, contactId, type, value, verified);
    if (row) await this.record(tx, workspaceId, userId, contactId, 'contact.identity_added', row, verified);
    return row;
  }

  async remove(workspaceId: string, userId: string, contactId: string, identityId: string): Promise<void> {
    await this.uow.run(async (tx) => {
      if (!(await this.repo.findContact(tx, workspaceId, contactId))) throw AppException.notFound('contact');
      const identity = await this.repo.findIdentity(tx, workspaceId, identityId);
      if (!identity || identity.contact_id !== contactId) throw AppException.notFound('identity of this contact');
      if (identity.channel_type !== 'email' && identity.channel_type !== 'phone') {
        throw AppException.invalid(
          `identity ${identityId} is a ${identity.channel_type} handle; only email and phone identities can be removed`,
        );
      }
      await this.repo.deleteIdentity(tx, workspaceId, identityId);
      await this.record(tx, workspaceId, userId, contactId, 'contact.identity_removed', identity, identity.verified);
    });
  }

  /**
   * On the contact's timeline and in the audit log, under the same kind; both name the identity and its
   * type, never the address or number itself.
   */
  private async record(
    tx: EntityManager,
    workspaceId: string,
    userId: string,
    contactId: string,
    kind: 'contact.identity_added' | 'contact.identity_removed' | 'contact.identity_verified',
    identity: IdentityRow,
    verified: boolean | null,
  ): Promise<void> {
    const data = { identityId: identity.id, channelType: identity.channel_type, verified };
    await this.timeline.recordForContact(tx, { workspaceId, contactId, kind, actorUserId: userId, data });
    await this.audit.record(tx, {
      workspaceId,
      actorUserId: userId,
      action: kind,
      targetType: 'contact',
      targetId: contactId,
      data,
    });
  }
}
