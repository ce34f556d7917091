import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A private note on a conversation: staff only, never sent to the customer. */
@Entity({ name: 'conversation_note' })
@Index('ix_conversation_note_conversation', ['workspaceId', 'conversationId', 'createdAt'])
export class ConversationNoteEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'workspace_id', type: 'uuid' })
  workspaceId!: string;

  @Column({ name: 'conversation_id', type: 'uuid' })
  conversationId!: string;

  @Column({ name: 'author_user_id', type: 'uuid' })
  authorUserId!: string;

  @Column({ type: 'text' })
  text!: string;

  @Column({ name: 'mentioned_user_ids', type: 'uuid', array: true, default: () => "'{}'" })
  mentionedUserIds!: string[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
