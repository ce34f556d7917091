import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

export class CreateChannelDto {
  @ApiProperty({
    example: 'webhook',
    description: 'channel type: webhook, x, wechat-official, wecom-kf or wechaty (see docs/channels/)',
  })
  @IsString()
  type!: string;

  @ApiProperty({ example: 'Support API' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @ApiPropertyOptional({
    description:
      'type-specific settings; secrets given here are stored encrypted and never returned. webhook: ' +
      '{callbackUrl}. x: {bearerToken?, appKey, appSecret, accessToken, accessSecret, userId, queries[], ' +
      'apiBaseUrl?, pollSeconds?, monthlyReadBudget?, monthlyPostBudget?, stream?} (see docs/channels/x.md). ' +
      'wechat-official: ' +
      '{appId, appSecret, token, encodingAESKey?, apiBaseUrl?}; wecom-kf: {corpId, secret, token, encodingAESKey, ' +
      'openKfId, apiBaseUrl?}; wechaty: {puppet, endpoint?, token?, tlsInsecure?, messagesPerMinute?, jitterMs?}. ' +
      'appSecret, secret, token and encodingAESKey are stored as secrets.',
    example: { callbackUrl: 'https://example.com/murmur-callback' },
  })
  @IsOptional()
  @IsObject({ message: 'config must be an object' })
  config?: Record<string, unknown>;
}

export class UpdateChannelDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ description: 'fields to change; omitted secrets are kept' })
  @IsOptional()
  @IsObject({ message: 'config must be an object' })
  config?: Record<string, unknown>;
}

export class ChannelDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() type!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'non-secret settings' }) config!: Record<string, unknown>;
  @ApiProperty({
    example: 'online',
    description:
      'active (push channels); for channels with a live session: connecting, waiting_for_scan, online, ' +
      'logged_out, rate_limited, auth_revoked, degraded, error',
  })
  status!: string;
  @ApiProperty({ nullable: true, type: String, description: 'why the channel is in its status (e.g. which limit)' })
  statusDetail!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'rate_limited: when it lifts' })
  statusUntil!: string | null;
  @ApiProperty({ nullable: true, type: String }) lastError!: string | null;
  @ApiPropertyOptional({ description: 'where the platform pushes messages (webhook: POST signed JSON here)' })
  inboundUrl?: string;
  @ApiProperty({ type: [String], description: 'names of the secrets stored for this channel (values are write-only)' })
  secretNames!: string[];
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

export class CreatedChannelDto extends ChannelDto {
  @ApiPropertyOptional({ description: 'webhook: the signing secret, shown only in this response' })
  secret?: string;
}
