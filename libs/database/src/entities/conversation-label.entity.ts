import { CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** A label on a conversation. */
@Entity({ name: 'conversation_label' })
@Index('ix_conversation_label_label', ['workspaceId', 'labelId'])
export class ConversationLabelEntity {
  @PrimaryColumn({ name: 'workspace_id', type: 'uuid' })
  workspaceId!: string;

  @PrimaryColumn({ name: 'conversation_id', type: 'uuid' })
  conversationId!: string;

  @PrimaryColumn({ name: 'label_id', type: 'uuid' })
  labelId!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
