import { CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** A tag on a contact. */
@Entity({ name: 'contact_tag' })
@Index('ix_contact_tag_tag', ['workspaceId', 'tagId'])
export class ContactTagEntity {
  @PrimaryColumn({ name: 'workspace_id', type: 'uuid' })
  workspaceId!: string;

  @PrimaryColumn({ name: 'contact_id', type: 'uuid' })
  contactId!: string;

  @PrimaryColumn({ name: 'tag_id', type: 'uuid' })
  tagId!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
