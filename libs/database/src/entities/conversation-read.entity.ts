import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A member's read position in a conversation: customer messages Murmur stored after `lastReadAt` are
 * unread for that member. Without a row, messages stored after the member joined the workspace are.
 */
@Entity({ name: 'conversation_read' })
export class ConversationReadEntity {
  @PrimaryColumn({ name: 'workspace_id', type: 'uuid' })
  workspaceId!: string;

  @PrimaryColumn({ name: 'conversation_id', type: 'uuid' })
  conversationId!: string;

  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @Column({ name: 'last_read_at', type: 'timestamptz' })
  lastReadAt!: Date;
}
