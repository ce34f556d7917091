import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsOptional, IsUUID, ValidateNested } from 'class-validator';

export type FieldSource = 'self' | 'other';
const SOURCES: FieldSource[] = ['self', 'other'];

export class FieldChoicesDto {
  @ApiPropertyOptional({
    enum: SOURCES,
    description: "whose name the surviving contact keeps (default: its own, or the other's when it has none)",
  })
  @IsOptional()
  @IsIn(SOURCES, { message: 'fieldChoices.name must be self or other' })
  name?: FieldSource;

  @ApiPropertyOptional({ enum: SOURCES, description: 'whose avatar the surviving contact keeps' })
  @IsOptional()
  @IsIn(SOURCES, { message: 'fieldChoices.avatarUrl must be self or other' })
  avatarUrl?: FieldSource;

  @ApiPropertyOptional({
    enum: SOURCES,
    description:
      "whose lifecycle stage the surviving contact keeps (default: its own, or the other's when its own is new)",
  })
  @IsOptional()
  @IsIn(SOURCES, { message: 'fieldChoices.lifecycleStage must be self or other' })
  lifecycleStage?: FieldSource;

  @ApiPropertyOptional({
    enum: SOURCES,
    description: 'whose value wins for an attribute both contacts have (values only one of them has are kept)',
  })
  @IsOptional()
  @IsIn(SOURCES, { message: 'fieldChoices.attributes must be self or other' })
  attributes?: FieldSource;
}

export class MergeContactsDto {
  @ApiProperty({ format: 'uuid', description: 'the contact absorbed into the one in the path' })
  @IsUUID('all', { message: 'otherContactId must be a UUID' })
  otherContactId!: string;

  @ApiPropertyOptional({ type: FieldChoicesDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => FieldChoicesDto)
  fieldChoices?: FieldChoicesDto;
}

export class UnmergeContactsDto {
  @ApiProperty({ format: 'uuid', description: 'the id of the merge to undo (from the merge response or the timeline)' })
  @IsUUID('all', { message: 'mergeId must be a UUID' })
  mergeId!: string;
}

export class MergeDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) survivingContactId!: string;
  @ApiProperty({ format: 'uuid' }) absorbedContactId!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) actorUserId!: string | null;
  @ApiProperty({ type: [String], description: 'identities the absorbed contact had' }) identityIds!: string[];
  @ApiProperty({ type: [String], description: 'conversations the absorbed contact had' }) conversationIds!: string[];
  @ApiProperty() createdAt!: string;
  @ApiProperty({ nullable: true, type: String }) undoneAt!: string | null;
}

export class UnmergeResultDto {
  @ApiProperty({ type: MergeDto }) merge!: MergeDto;
  @ApiProperty({ description: 'identities returned to the absorbed contact' }) identitiesMoved!: number;
  @ApiProperty({ description: 'conversations returned, including ones started after the merge' })
  conversationsMoved!: number;
}

export class MergeSuggestionDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: [String], description: 'the two contacts, smaller id first' }) contactIds!: string[];
  @ApiProperty({ enum: ['same_name_phone_suffix', 'claimed_handle'] }) reason!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) evidence!: Record<string, unknown>;
  @ApiProperty({ minimum: 0, maximum: 1 }) confidence!: number;
  @ApiProperty({ enum: ['pending', 'accepted', 'rejected'] }) status!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) mergeId!: string | null;
  @ApiProperty() createdAt!: string;
}

export class MergeSuggestionListDto {
  @ApiProperty({ type: [MergeSuggestionDto] }) items!: MergeSuggestionDto[];
}

export class DecideSuggestionDto {
  @ApiProperty({ enum: ['accept', 'reject'] })
  @IsIn(['accept', 'reject'], { message: 'decision must be accept or reject' })
  decision!: 'accept' | 'reject';

  @ApiPropertyOptional({ format: 'uuid', description: 'on accept: which of the two survives (default: the older)' })
  @IsOptional()
  @IsUUID('all', { message: 'survivingContactId must be a UUID' })
  survivingContactId?: string;

  @ApiPropertyOptional({ type: FieldChoicesDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => FieldChoicesDto)
  fieldChoices?: FieldChoicesDto;
}
