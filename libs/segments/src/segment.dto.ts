import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { LIFECYCLE_STAGES, type LifecycleStage } from '@scrm/database';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsObject, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

const FILTER_DOC =
  '{ match: all|any, conditions: [...] }. Conditions: { type: "lifecycle", stages: [...] }, ' +
  '{ type: "tag", tagId, has?: true|false }, { type: "attribute", key, op: eq|neq|contains|in|gt|gte|lt|lte|set|unset, value? }, ' +
  '{ type: "channel", channelType?, channelId? }, { type: "sentiment", label: positive|neutral|negative, withinDays }, ' +
  '{ type: "activity", lastSeen: within|notWithin, days }, { type: "group", match, conditions } (up to 3 levels).';

const FILTER_EXAMPLE = {
  match: 'all',
  conditions: [
    { type: 'lifecycle', stages: ['vip'] },
    { type: 'sentiment', label: 'negative', withinDays: 7 },
  ],
};

export class SegmentDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'Unhappy VIPs' }) name!: string;
  @ApiProperty({ description: FILTER_DOC, example: FILTER_EXAMPLE, type: 'object', additionalProperties: true })
  filter!: Record<string, unknown>;
  @ApiProperty({ nullable: true, type: String }) createdByUserId!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

export class CreateSegmentDto {
  @ApiProperty({ example: 'Unhappy VIPs' })
  @IsString({ message: 'name must be a string' })
  @Matches(/\S/, { message: 'name must not be empty' })
  @MaxLength(100, { message: 'name must be at most 100 characters' })
  name!: string;

  @ApiProperty({ description: FILTER_DOC, example: FILTER_EXAMPLE, type: 'object', additionalProperties: true })
  @IsObject({ message: 'filter must be an object' })
  filter!: Record<string, unknown>;
}

export class UpdateSegmentDto {
  @ApiPropertyOptional({ example: 'Unhappy VIPs' })
  @IsOptional()
  @IsString({ message: 'name must be a string' })
  @Matches(/\S/, { message: 'name must not be empty' })
  @MaxLength(100, { message: 'name must be at most 100 characters' })
  name?: string;

  @ApiPropertyOptional({ description: FILTER_DOC, type: 'object', additionalProperties: true })
  @IsOptional()
  @IsObject({ message: 'filter must be an object' })
  filter?: Record<string, unknown>;
}

export class SegmentContactDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ nullable: true, type: String }) name!: string | null;
  @ApiProperty({ enum: LIFECYCLE_STAGES }) lifecycleStage!: LifecycleStage;
  @ApiProperty({ type: [String], description: 'tag names' }) tags!: string[];
  @ApiProperty({ type: 'object', additionalProperties: true }) attributes!: Record<string, string | number>;
  @ApiProperty({ nullable: true, type: String }) lastSeenAt!: string | null;
  @ApiProperty() createdAt!: string;
}

export class SegmentContactPageDto {
  @ApiProperty({ type: [SegmentContactDto], description: 'newest contacts first' }) items!: SegmentContactDto[];
  @ApiProperty({ nullable: true, type: String, description: 'pass as `cursor` for the next page' })
  nextCursor!: string | null;
}

export class SegmentContactsQuery {
  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1)
  @Max(200)
  limit?: number;
}

export class SegmentExportQuery {
  @ApiPropertyOptional({ enum: ['csv', 'json'], default: 'csv' })
  @IsOptional()
  @IsIn(['csv', 'json'], { message: 'format must be csv or json' })
  format?: 'csv' | 'json';
}
