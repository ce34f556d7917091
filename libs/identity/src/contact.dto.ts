import { ApiProperty } from '@nestjs/swagger';
import { LIFECYCLE_STAGES, type LifecycleStage } from '@scrm/database';
import { ChannelContactDto, SentimentTrendDto, TagDto } from './profile.dto';

export class IdentityDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'webhook' }) channelType!: string;
  @ApiProperty({ description: 'the channel id for channel-scoped handles; empty for platform-wide ones' })
  scopeKey!: string;
  @ApiProperty() platformUserId!: string;
  @ApiProperty({ nullable: true, type: String }) displayName!: string | null;
  @ApiProperty({ nullable: true, type: String }) avatarUrl!: string | null;
  @ApiProperty({
    nullable: true,
    type: Boolean,
    description:
      'the platform’s verified badge (X); for email and phone identities, whether the customer proved they own it; null: not known',
  })
  verified!: boolean | null;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'followers of the handle as last seen (X); null: not known',
  })
  followersCount!: number | null;
  @ApiProperty() createdAt!: string;
}

export class ContactDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ nullable: true, type: String }) name!: string | null;
  @ApiProperty({ nullable: true, type: String }) avatarUrl!: string | null;
  @ApiProperty({ nullable: true, type: String }) lastSeenAt!: string | null;
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'set while this contact is merged into another (its identities now belong there)',
  })
  mergedIntoId!: string | null;

  @ApiProperty({
    nullable: true,
    type: String,
    description: 'set once the contact was erased: its personal data is gone for good',
  })
  erasedAt!: string | null;

  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
  @ApiProperty({ type: [IdentityDto] }) identities!: IdentityDto[];
  @ApiProperty({ enum: LIFECYCLE_STAGES }) lifecycleStage!: LifecycleStage;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'custom attribute values by attribute key',
    example: { plan: 'pro', seats: 12 },
  })
  attributes!: Record<string, string | number>;
  @ApiProperty({ type: [TagDto] }) tags!: TagDto[];
  @ApiProperty({
    description: 'the customer’s first message on any channel (or when the contact was created, if earlier)',
  })
  firstSeenAt!: string;
  @ApiProperty({ type: [ChannelContactDto], description: 'the last contact on each channel, latest first' })
  channels!: ChannelContactDto[];
  @ApiProperty({ type: SentimentTrendDto, description: 'weekly average sentiment of the customer’s messages' })
  sentiment!: SentimentTrendDto;
}
