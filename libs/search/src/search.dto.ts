import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength } from 'class-validator';
import { MAX_QUERY_LENGTH } from './search-text';

export const SEARCH_TYPES = ['messages', 'contacts'] as const;
export type SearchType = (typeof SEARCH_TYPES)[number];
export const SENTIMENTS = ['positive', 'negative', 'neutral'] as const;

export class SearchQueryDto {
  @ApiProperty({ description: 'the words to find (Chinese, English or mixed); "double quotes" for a phrase' })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString({ message: 'q is required' })
  @MinLength(1, { message: 'q must not be empty' })
  @MaxLength(MAX_QUERY_LENGTH, { message: `q must be at most ${MAX_QUERY_LENGTH} characters` })
  q!: string;

  @ApiPropertyOptional({ enum: SEARCH_TYPES, default: 'messages' })
  @IsOptional()
  @IsIn(SEARCH_TYPES, { message: `type must be one of ${SEARCH_TYPES.join(', ')}` })
  type?: SearchType;

  @ApiPropertyOptional({ format: 'uuid', description: 'messages only: on this channel' })
  @IsOptional()
  @IsUUID('all', { message: 'channelId must be a UUID' })
  channelId?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'messages only: sent at or after' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO 8601 date-time' })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'messages only: sent before' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO 8601 date-time' })
  to?: string;

  @ApiPropertyOptional({ enum: SENTIMENTS, description: 'messages only: with this sentiment' })
  @IsOptional()
  @IsIn(SENTIMENTS, { message: `sentiment must be one of ${SENTIMENTS.join(', ')}` })
  sentiment?: string;

  @ApiPropertyOptional({ format: 'uuid', description: "messages only: in this contact's conversations" })
  @IsOptional()
  @IsUUID('all', { message: 'contactId must be a UUID' })
  contactId?: string;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1, { message: 'limit must be at least 1' })
  @Max(100, { message: 'limit must be at most 100' })
  limit?: number;
}

export class HighlightDto {
  @ApiProperty({ description: 'offset into snippet, in UTF-16 code units' }) start!: number;
  @ApiProperty({ description: 'end offset (exclusive)' }) end!: number;
}

export class MessageHitDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) conversationId!: string;
  @ApiProperty({ format: 'uuid' }) channelId!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) contactId!: string | null;
  @ApiProperty({ enum: ['in', 'out'] }) direction!: 'in' | 'out';
  @ApiProperty() sentAt!: string;
  @ApiProperty({ nullable: true, type: String, enum: SENTIMENTS }) sentiment!: string | null;
  @ApiProperty({ description: 'part of the text around the first match; … marks a cut' }) snippet!: string;
  @ApiProperty({ type: [HighlightDto] }) highlights!: HighlightDto[];
}

export class ContactHitDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ nullable: true, type: String }) name!: string | null;
  @ApiProperty({ nullable: true, type: String }) avatarUrl!: string | null;
  @ApiProperty({ nullable: true, type: String }) lastSeenAt!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ description: 'the name, display name or handle that matched' }) snippet!: string;
  @ApiProperty({ type: [HighlightDto] }) highlights!: HighlightDto[];
}

export class SearchResultDto {
  @ApiProperty({ enum: SEARCH_TYPES }) type!: SearchType;
  @ApiProperty({ enum: ['newest'], description: 'results are ordered newest first' }) order!: 'newest';
  @ApiProperty({ type: [MessageHitDto], description: 'the hits when type is messages, else empty' })
  messages!: MessageHitDto[];

  @ApiProperty({ type: [ContactHitDto], description: 'the hits when type is contacts, else empty' })
  contacts!: ContactHitDto[];

  @ApiProperty({ nullable: true, type: String, description: 'pass as cursor for the next page' })
  nextCursor!: string | null;
}
