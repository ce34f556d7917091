import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/**
 * One contact's handle on one platform. `scopeKey` is the channel id for handles that only mean
 * something inside one connected account (a webhook sender id, an Official Account openid) and the
 * empty string for platform-wide handles (an X user id, a WeChat unionid).
 */
@Entity({ name: 'identity' })
@Index('uq_identity_handle', ['workspaceId', 'channelType', 'scopeKey', 'platformUserId'], { unique: true })
@Index('ix_identity_contact', ['workspaceId', 'contactId'])
@Index('ix_identity_union', ['workspaceId', 'unionId'], { where: '"union_id" IS NOT NULL' })
export class IdentityEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'workspace_id', type: 'uuid' })
  workspaceId!: string;

  @Column({ name: 'contact_id', type: 'uuid' })
  contactId!: string;

  @Column({ name: 'channel_type', type: 'text' })
  channelType!: string;

  @Column({ name: 'scope_key', type: 'text', default: '' })
  scopeKey!: string;

  @Column({ name: 'platform_user_id', type: 'text' })
  platformUserId!: string;

  /** The WeChat unionid, when the platform told it: the same person across accounts of one Open Platform. */
  @Column({ name: 'union_id', type: 'text', nullable: true })
  unionId!: string | null;

  @Column({ name: 'display_name', type: 'text', nullable: true })
  displayName!: string | null;

  @Column({ name: 'avatar_url', type: 'text', nullable: true })
  avatarUrl!: string | null;

  /** The platform's verified badge, when it says (X). */
  @Column({ type: 'boolean', nullable: true })
  verified!: boolean | null;

  /** Followers of the handle, as last seen (X): its reach. */
  @Column({ name: 'followers_count', type: 'integer', nullable: true })
  followersCount!: number | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
