import { ApiProperty } from '@nestjs/swagger';

export class IdentityDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'webhook' }) channelType!: string;
  @ApiProperty({ description: 'the channel id for channel-scoped handles; empty for platform-wide ones' })
  scopeKey!: string;
  @ApiProperty() platformUserId!: string;
  @ApiProperty({ nullable: true, type: String }) displayName!: string | null;
  @ApiProperty({ nullable: true, type: String }) avatarUrl!: string | null;
  @ApiProperty({ nullable: true, type: Boolean, description: 'the platform’s verified badge (X); null: not known' })
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

  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
  @ApiProperty({ type: [IdentityDto] }) identities!: IdentityDto[];
}
