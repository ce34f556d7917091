import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsDateString,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';

export class ListAlertsQuery {
  @ApiPropertyOptional({ description: 'comma-separated: open, acknowledged, resolved', example: 'open,acknowledged' })
  @IsOptional()
  @IsString()
  status?: string;

  @ApiPropertyOptional({ description: 'topic key: workspace, keywords:<set id>, x-query:<channel id>:<query hash>' })
  @IsOptional()
  @IsString()
  topic?: string;

  @ApiPropertyOptional({ description: 'opaque cursor from the previous page' })
  @IsOptional()
  @IsString()
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 25 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1)
  @Max(100)
  limit?: number;
}

export class AlertSampleSentimentDto {
  @ApiProperty({ enum: ['positive', 'neutral', 'negative'] }) label!: string;
  @ApiProperty({ nullable: true, type: Number }) confidence!: number | null;
}

export class AlertSampleDto {
  @ApiProperty({
    enum: ['message', 'listening_hit'],
    description: 'an inbound message, or a listening hit (a public post an X listening query found)',
  })
  kind!: 'message' | 'listening_hit';
  @ApiProperty({ format: 'uuid', description: 'the message id, or the listening hit’s timeline event id' })
  id!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'null for a listening hit' })
  conversationId!: string | null;
  @ApiProperty() channelType!: string;
  @ApiProperty({ nullable: true, type: String }) author!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'the author’s handle (listening hits), without @' })
  authorHandle!: string | null;
  @ApiProperty() text!: string;
  @ApiProperty({ nullable: true, type: Number }) reach!: number | null;
  @ApiProperty({ nullable: true, type: AlertSampleSentimentDto }) sentiment!: AlertSampleSentimentDto | null;
  @ApiProperty({ nullable: true, type: String, description: 'the platform’s id of the message or post' })
  platformId!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'a link to the post, where known' }) url!: string | null;
  @ApiProperty() sentAt!: string;
}

export class AlertContactDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ nullable: true, type: String }) name!: string | null;
  @ApiProperty({ example: 'vip' }) lifecycleStage!: string;
  @ApiProperty({ description: 'the contact has at least one tag' }) tagged!: boolean;
}

export class AlertDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({
    description:
      'the topic key and its readable name (an X listening query’s alert: `X listening: "<query>" (<channel name>)`)',
    example: { key: 'workspace', name: 'Whole workspace' },
  })
  topic!: { key: string; name: string };
  @ApiProperty({ type: [String], description: 'channel types that fired; `*` is all channels together' })
  channelTypes!: string[];
  @ApiProperty({ enum: ['low', 'medium', 'high', 'critical'] }) severity!: 'low' | 'medium' | 'high' | 'critical';
  @ApiProperty({ enum: ['open', 'acknowledged', 'resolved'] }) status!: 'open' | 'acknowledged' | 'resolved';
  @ApiProperty({ type: [String], description: 'spike, cusum, influencer, keywords' }) rules!: string[];
  @ApiProperty({
    description: 'event time',
    example: { start: '2026-03-02T09:15:00.000Z', end: '2026-03-02T09:30:00.000Z' },
  })
  window!: { start: string; end: string };
  @ApiProperty() lastFiredAt!: string;
  @ApiProperty() fireCount!: number;
  @ApiProperty({ type: 'array', items: { type: 'object' }, description: 'the figures of each firing' })
  figures!: Record<string, unknown>[];
  @ApiProperty({ example: [{ term: '退款', count: 12, lift: 8.5 }] }) terms!: {
    term: string;
    count: number;
    lift: number;
  }[];
  @ApiProperty({
    type: [AlertSampleDto],
    description: 'the most telling messages and listening hits, widest reach first',
  })
  samples!: AlertSampleDto[];
  @ApiProperty({ description: 'negative inbound messages the alert holds' }) messageCount!: number;
  @ApiProperty({ description: 'negative listening hits the alert holds (an X listening query’s alert)' })
  hitCount!: number;
  @ApiProperty({
    type: [AlertContactDto],
    description: 'affected known contacts (authors): VIPs first, then tagged contacts, then by reach',
  })
  contacts!: AlertContactDto[];
  @ApiProperty({ nullable: true, example: { by: 'user id', at: '…' } }) acknowledged!: {
    by: string;
    at: string;
  } | null;
  @ApiProperty({ nullable: true, example: { by: 'user id', at: '…' } }) resolved!: { by: string; at: string } | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

export class AlertPageDto {
  @ApiProperty({ type: [AlertDto] }) items!: AlertDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class KeywordSetInput {
  @ApiProperty({ example: 'Delivery' })
  @IsString({ message: 'name must be a string' })
  @MinLength(1, { message: 'name must not be empty' })
  @MaxLength(100)
  name!: string;

  @ApiProperty({ type: [String], example: ['发货', '物流', 'delivery', 'shipping'] })
  @IsArray({ message: 'keywords must be an array of strings' })
  @ArrayMinSize(1, { message: 'keywords must hold at least one keyword' })
  @ArrayMaxSize(200)
  @IsString({ each: true, message: 'each keyword must be a string' })
  @MaxLength(100, { each: true })
  keywords!: string[];
}

export class CreateKeywordSetDto extends KeywordSetInput {
  @ApiProperty({
    enum: ['topic', 'crisis'],
    description: 'topic: detection watches these messages as a topic; crisis: replaces the built-in crisis words',
  })
  @IsIn(['topic', 'crisis'], { message: 'purpose must be topic or crisis' })
  purpose!: 'topic' | 'crisis';
}

export class KeywordSetDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ['topic', 'crisis'] }) purpose!: string;
  @ApiProperty({ type: [String] }) keywords!: string[];
  @ApiProperty({ nullable: true, type: String, description: 'the topic key alerts carry (topic sets)' }) topicKey!:
    string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

export class KeywordSetListDto {
  @ApiProperty({ type: [KeywordSetDto] }) items!: KeywordSetDto[];
  @ApiProperty({ type: [String], description: 'the crisis words in force (built-in unless a crisis set exists)' })
  crisisWords!: string[];
}

const FORMATS = ['json', 'wecom', 'dingtalk', 'slack'];

export class CreateAlertWebhookDto {
  @ApiProperty({ example: 'Ops group' })
  @IsString()
  @MinLength(1, { message: 'name must not be empty' })
  @MaxLength(100)
  name!: string;

  @ApiProperty({ example: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…' })
  @IsUrl(
    { require_tld: false, protocols: ['http', 'https'], require_protocol: true },
    { message: 'url must be an http(s) URL' },
  )
  url!: string;

  @ApiProperty({
    enum: FORMATS,
    description: 'json (Murmur), wecom (group bot), dingtalk (robot), slack (incoming webhook)',
  })
  @IsIn(FORMATS, { message: `format must be one of ${FORMATS.join(', ')}` })
  format!: 'json' | 'wecom' | 'dingtalk' | 'slack';

  @ApiPropertyOptional({
    description: 'signing secret (e.g. a DingTalk 加签 secret); generated when omitted',
    writeOnly: true,
  })
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'secret must be at least 16 characters' })
  @MaxLength(200)
  secret?: string;
}

export class UpdateAlertWebhookDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(1) @MaxLength(100) name?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUrl(
    { require_tld: false, protocols: ['http', 'https'], require_protocol: true },
    { message: 'url must be an http(s) URL' },
  )
  url?: string;

  @ApiPropertyOptional({ enum: FORMATS })
  @IsOptional()
  @IsIn(FORMATS, { message: `format must be one of ${FORMATS.join(', ')}` })
  format?: 'json' | 'wecom' | 'dingtalk' | 'slack';

  @ApiPropertyOptional() @IsOptional() @IsBoolean({ message: 'active must be true or false' }) active?: boolean;
}

export class AlertWebhookDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() url!: string;
  @ApiProperty({ enum: FORMATS }) format!: string;
  @ApiProperty() active!: boolean;
  @ApiProperty() createdAt!: string;
}

export class CreatedAlertWebhookDto extends AlertWebhookDto {
  @ApiProperty({ description: 'the signing secret, shown only in this response' }) secret!: string;
}

export class CrisisTopicDto {
  @ApiProperty({ example: 'workspace', description: 'the topic key, as `topic` of the trend and of alerts' })
  key!: string;
  @ApiProperty({ example: 'Whole workspace' }) name!: string;
  @ApiProperty({ enum: ['workspace', 'keywords', 'x-query'] }) kind!: 'workspace' | 'keywords' | 'x-query';
}

export class CrisisTopicListDto {
  @ApiProperty({ type: [CrisisTopicDto] }) items!: CrisisTopicDto[];
}

export class TrendQuery {
  @ApiPropertyOptional({ default: 'workspace', description: 'topic key' })
  @IsOptional()
  @IsString()
  topic?: string;

  @ApiPropertyOptional({ default: '*', description: 'a channel type (webhook, x, wechaty …) or * for all' })
  @IsOptional()
  @IsString()
  channelType?: string;

  @ApiProperty({ description: 'event time, ISO-8601' })
  @IsDateString({}, { message: 'from must be an ISO-8601 date-time' })
  from!: string;

  @ApiProperty({ description: 'event time, ISO-8601 (exclusive)' })
  @IsDateString({}, { message: 'to must be an ISO-8601 date-time' })
  to!: string;

  @ApiPropertyOptional({ default: 5, description: 'bucket size in minutes, a multiple of 5' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'bucketMinutes must be a whole number' })
  @Min(5)
  @Max(1440)
  bucketMinutes?: number;
}

export class TrendPointDto {
  @ApiProperty() start!: string;
  @ApiProperty() total!: number;
  @ApiProperty() positive!: number;
  @ApiProperty() neutral!: number;
  @ApiProperty() negative!: number;
  @ApiProperty({ description: 'sum of reach over negative messages (unknown reach counts 1)' }) negativeReach!: number;
}

export class TrendDto {
  @ApiProperty() topic!: string;
  @ApiProperty() channelType!: string;
  @ApiProperty() bucketMinutes!: number;
  @ApiProperty({ type: [TrendPointDto], description: 'only buckets with messages' }) points!: TrendPointDto[];
}
