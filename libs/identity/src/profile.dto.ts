import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  CONTACT_ATTRIBUTE_TYPES,
  LIFECYCLE_STAGES,
  type ContactAttributeType,
  type LifecycleStage,
} from '@scrm/database';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';

export class ContactAttributeDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'plan', description: 'the key values are stored under; never changes' }) key!: string;
  @ApiProperty({ example: 'Plan' }) label!: string;
  @ApiProperty({ enum: CONTACT_ATTRIBUTE_TYPES }) type!: ContactAttributeType;
  @ApiProperty({ type: [String], description: 'the allowed values of a choice attribute' }) options!: string[];
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

export class CreateContactAttributeDto {
  @ApiProperty({ example: 'plan', description: 'lower case letters, digits and _, starting with a letter' })
  @IsString({ message: 'key must be a string' })
  @Matches(/^[a-z][a-z0-9_]{0,63}$/, {
    message: 'key must start with a letter and hold only a-z, 0-9 and _ (at most 64 characters)',
  })
  key!: string;

  @ApiProperty({ example: 'Plan' })
  @IsString({ message: 'label must be a string' })
  @MinLength(1, { message: 'label must not be empty' })
  @MaxLength(100)
  label!: string;

  @ApiProperty({ enum: CONTACT_ATTRIBUTE_TYPES })
  @IsIn(CONTACT_ATTRIBUTE_TYPES as string[], { message: `type must be one of ${CONTACT_ATTRIBUTE_TYPES.join(', ')}` })
  type!: ContactAttributeType;

  @ApiPropertyOptional({ type: [String], example: ['free', 'pro'], description: 'required for choice attributes' })
  @IsOptional()
  @IsArray({ message: 'options must be an array of strings' })
  @IsString({ each: true, message: 'options must be an array of strings' })
  @ArrayMaxSize(100)
  options?: string[];
}

export class UpdateContactAttributeDto {
  @ApiPropertyOptional({ example: 'Plan' })
  @IsOptional()
  @IsString({ message: 'label must be a string' })
  @MinLength(1, { message: 'label must not be empty' })
  @MaxLength(100)
  label?: string;

  @ApiPropertyOptional({
    type: [String],
    description: 'a choice attribute’s options (values already stored are kept); key and type cannot change',
  })
  @IsOptional()
  @IsArray({ message: 'options must be an array of strings' })
  @IsString({ each: true, message: 'options must be an array of strings' })
  @ArrayMaxSize(100)
  options?: string[];
}

export class SetAttributeValuesDto {
  @ApiProperty({
    description: 'attribute key → value (text, number, YYYY-MM-DD date or one of the options); null clears it',
    example: { plan: 'pro', seats: 12, renewal: '2027-01-31', company: null },
    type: 'object',
    additionalProperties: true,
  })
  @IsObject({ message: 'values must be an object of attribute key → value' })
  values!: Record<string, unknown>;
}

export class UpdateContactDto {
  @ApiPropertyOptional({ enum: LIFECYCLE_STAGES })
  @IsOptional()
  @IsIn(LIFECYCLE_STAGES as string[], { message: `lifecycleStage must be one of ${LIFECYCLE_STAGES.join(', ')}` })
  lifecycleStage?: LifecycleStage;
}

export class TagDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'wholesale' }) name!: string;
}

export class AddTagDto {
  @ApiProperty({ example: 'wholesale', description: 'the tag’s name; a new name creates the tag' })
  @IsString({ message: 'name must be a string' })
  @Matches(/\S/, { message: 'name must not be empty' })
  @MaxLength(50, { message: 'name must be at most 50 characters' })
  name!: string;
}

export class ChannelContactDto {
  @ApiProperty({ format: 'uuid' }) channelId!: string;
  @ApiProperty({ example: 'webhook' }) channelType!: string;
  @ApiProperty() channelName!: string;
  @ApiProperty({ nullable: true, type: String, description: 'the customer’s last message on this channel' })
  lastInboundAt!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'the last reply on this channel' })
  lastOutboundAt!: string | null;
  @ApiProperty({ description: 'the later of the two' }) lastContactAt!: string;
}

export class SentimentWeekDto {
  @ApiProperty({ example: '2026-11-23', description: 'Monday of the week (UTC)' }) weekStart!: string;
  @ApiProperty({ description: 'average score in [-1, 1] of the customer’s scored messages' }) averageScore!: number;
  @ApiProperty() messages!: number;
}

export class SentimentTrendDto {
  @ApiProperty({ nullable: true, type: Number, description: 'average over the weeks below' })
  averageScore!: number | null;
  @ApiProperty({
    nullable: true,
    enum: ['improving', 'worsening', 'steady'],
    description: 'the latest week against the weeks before it; null with fewer than two weeks of data',
  })
  direction!: 'improving' | 'worsening' | 'steady' | null;
  @ApiProperty({ type: [SentimentWeekDto], description: 'the last 12 weeks that have scored messages, oldest first' })
  weeks!: SentimentWeekDto[];
}
