import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export type ContactAttributeType = 'text' | 'number' | 'date' | 'choice';
export const CONTACT_ATTRIBUTE_TYPES: readonly ContactAttributeType[] = ['text', 'number', 'date', 'choice'];

/**
 * A custom contact attribute a workspace defines (e.g. `plan`, a choice of free / pro). Values live on
 * the contact (`contact.attributes`, keyed by `key`); the key and the type never change once defined.
 */
@Entity({ name: 'contact_attribute' })
@Index('uq_contact_attribute_key', ['workspaceId', 'key'], { unique: true })
export class ContactAttributeEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'workspace_id', type: 'uuid' })
  workspaceId!: string;

  @Column({ type: 'text' })
  key!: string;

  @Column({ type: 'text' })
  label!: string;

  @Column({ type: 'text' })
  type!: ContactAttributeType;

  /** The allowed values of a `choice` attribute; empty for the other types. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  options!: string[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
