import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { ASSIGNMENT_MODES, type AssignmentMode } from '@scrm/database';

export class LabelDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'refund' }) name!: string;
  @ApiProperty({ example: '#d93f3f' }) color!: string;
}

export class CreateLabelDto {
  @ApiProperty({ example: 'refund' })
  @IsString()
  @MinLength(1, { message: 'name must not be empty' })
  @MaxLength(60)
  name!: string;

  @ApiPropertyOptional({ example: '#d93f3f', description: 'a #rrggbb colour' })
  @IsOptional()
  @Matches(/^#[0-9a-fA-F]{6}$/, { message: 'color must be #rrggbb' })
  color?: string;
}

export class SetLabelsDto {
  @ApiProperty({ type: [String], description: 'label ids; the conversation ends up with exactly these' })
  @IsArray({ message: 'labelIds must be an array' })
  @ArrayMaxSize(50)
  @IsString({ each: true })
  labelIds!: string[];
}

export class CannedResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'hello' }) shortcut!: string;
  @ApiProperty({ example: 'Hi {{contact.name}}, thanks for reaching out!' }) content!: string;
  @ApiProperty() updatedAt!: string;
}

export class SaveCannedResponseDto {
  @ApiProperty({ example: 'hello', description: 'typed after `/` in the reply box; letters, digits, - and _' })
  @Matches(/^[\p{L}\p{N}_-]{1,40}$/u, { message: 'shortcut must be 1-40 letters, digits, - or _' })
  shortcut!: string;

  @ApiProperty({
    example: 'Hi {{contact.name}}, thanks for reaching out!',
    description: 'variables: {{contact.name}}, {{agent.name}}, {{workspace.name}}',
  })
  @IsString()
  @MinLength(1, { message: 'content must not be empty' })
  @MaxLength(5000)
  content!: string;
}

export class NoteDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) conversationId!: string;
  @ApiProperty({ format: 'uuid' }) authorUserId!: string;
  @ApiProperty() text!: string;
  @ApiProperty({ type: [String], description: 'members mentioned with @name; each is notified live' })
  mentionedUserIds!: string[];
  @ApiProperty() createdAt!: string;
}

export class CreateNoteDto {
  @ApiProperty({ example: '@Li Lei can you check the refund?' })
  @IsString()
  @MinLength(1, { message: 'text must not be empty' })
  @MaxLength(10_000)
  text!: string;
}

export class AssignmentPolicyDto {
  @ApiProperty({ format: 'uuid' }) channelId!: string;
  @ApiProperty({ enum: ASSIGNMENT_MODES }) mode!: AssignmentMode;
  @ApiProperty({ description: 'most open conversations per agent on this channel' }) capacity!: number;
}

export class SetAssignmentPolicyDto {
  @ApiProperty({ enum: ASSIGNMENT_MODES })
  @IsIn(ASSIGNMENT_MODES as string[], { message: `mode must be one of ${ASSIGNMENT_MODES.join(', ')}` })
  mode!: AssignmentMode;

  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 10 })
  @IsOptional()
  @IsInt({ message: 'capacity must be a whole number' })
  @Min(1)
  @Max(1000)
  capacity?: number;
}
