import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** An agent's correction of a message's sentiment: who, when, old → new. Exported for retraining. */
@Entity({ name: 'sentiment_correction' })
@Index('ix_sentiment_correction_list', ['workspaceId', 'createdAt', 'id'])
@Index('ix_sentiment_correction_message', ['workspaceId', 'messageId'])
export class SentimentCorrectionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'workspace_id', type: 'uuid' })
  workspaceId!: string;

  @Column({ name: 'message_id', type: 'uuid' })
  messageId!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @Column({ name: 'old_label', type: 'text', nullable: true })
  oldLabel!: string | null;

  @Column({ name: 'new_label', type: 'text' })
  newLabel!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
