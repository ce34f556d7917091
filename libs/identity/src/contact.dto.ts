import { ApiProperty } from '@nestjs/swagger';

export class IdentityDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'webhook' }) channelType!: string;
  @ApiProperty({ description: 'the channel id for channel-scoped handles; empty for platform-wide ones' })
  scopeKey!: string;
  @ApiProperty() platformUserId!: string;
  @ApiProperty({ nullable: true, type: String }) displayName!: string | null;
  @ApiProperty({ nullable: true, type: String }) avatarUrl!: string | null;
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
}
