import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One merge of a contact into another, with everything needed to undo it: both contacts' fields
 * before, the surviving contact's fields after, and the identities, conversations and timeline events
 * the absorbed contact had. Un-merge routes by identity, so what arrived after the merge goes home too.
 */
@Entity({ name: 'contact_merge' })
@Index('ix_contact_merge_surviving', ['workspaceId', 'survivingContactId', 'createdAt'])
@Index('ix_contact_merge_absorbed', ['workspaceId', 'absorbedContactId'])
export class ContactMergeEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'workspace_id', type: 'uuid' })
  workspaceId!: string;

  @Column({ name: 'surviving_contact_id', type: 'uuid' })
  survivingContactId!: string;

  @Column({ name: 'absorbed_contact_id', type: 'uuid' })
  absorbedContactId!: string;

  @Column({ name: 'actor_user_id', type: 'uuid', nullable: true })
  actorUserId!: string | null;

  @Column({ name: 'surviving_before', type: 'jsonb' })
  survivingBefore!: Record<string, unknown>;

  @Column({ name: 'surviving_after', type: 'jsonb' })
  survivingAfter!: Record<string, unknown>;

  @Column({ name: 'absorbed_before', type: 'jsonb' })
  absorbedBefore!: Record<string, unknown>;

  @Column({ name: 'identity_ids', type: 'uuid', array: true })
  identityIds!: string[];

  @Column({ name: 'conversation_ids', type: 'uuid', array: true })
  conversationIds!: string[];

  @Column({ name: 'timeline_event_ids', type: 'uuid', array: true })
  timelineEventIds!: string[];

  /** Tags the merge put on the surviving contact (it did not have them); un-merge takes them off. */
  @Column({ name: 'tag_ids_added', type: 'uuid', array: true, default: () => "'{}'" })
  tagIdsAdded!: string[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'undone_at', type: 'timestamptz', nullable: true })
  undoneAt!: Date | null;

  @Column({ name: 'undone_by_user_id', type: 'uuid', nullable: true })
  undoneByUserId!: string | null;
}
