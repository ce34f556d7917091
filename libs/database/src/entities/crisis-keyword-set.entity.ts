import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export type KeywordSetPurpose = 'topic' | 'crisis';
export const KEYWORD_SET_PURPOSES: readonly KeywordSetPurpose[] = ['topic', 'crisis'];

/**
 * A workspace's saved keyword set. `topic` sets define a topic that crisis detection watches on its
 * own; `crisis` sets replace the built-in crisis words (投诉, 曝光, recall …) of the keyword rule.
 */
@Entity({ name: 'crisis_keyword_set' })
@Index('uq_crisis_keyword_set_name', ['workspaceId', 'name'], { unique: true })
export class CrisisKeywordSetEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'workspace_id', type: 'uuid' })
  workspaceId!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  purpose!: KeywordSetPurpose;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  keywords!: string[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
