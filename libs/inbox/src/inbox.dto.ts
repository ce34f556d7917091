import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsDateString,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { CONVERSATION_PRIORITIES, CONVERSATION_STATUSES } from '@scrm/database';
import { CONVERSATION_SORTS, type ConversationSort } from './conversation-cursor';

export class ListConversationsQuery {
  @ApiPropertyOptional({ description: 'comma-separated: open, pending, snoozed, resolved', example: 'open,pending' })
  @IsOptional()
  @IsString()
  status?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsString()
  channelId?: string;

  @ApiPropertyOptional({ enum: CONVERSATION_PRIORITIES })
  @IsOptional()
  @IsIn(CONVERSATION_PRIORITIES as string[], {
    message: `priority must be one of ${CONVERSATION_PRIORITIES.join(', ')}`,
  })
  priority?: (typeof CONVERSATION_PRIORITIES)[number];

  @ApiPropertyOptional({ format: 'uuid', description: 'only conversations carrying this label' })
  @IsOptional()
  @IsString()
  labelId?: string;

  @ApiPropertyOptional({
    enum: ['positive', 'neutral', 'negative'],
    description: 'only conversations whose latest scored customer message has this sentiment',
  })
  @IsOptional()
  @IsIn(['positive', 'neutral', 'negative'], { message: 'sentiment must be one of positive, neutral, negative' })
  sentiment?: 'positive' | 'neutral' | 'negative';

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'only conversations whose contact is in this saved segment (404 for an unknown segment)',
  })
  @IsOptional()
  @IsString()
  segmentId?: string;

  @ApiPropertyOptional({ description: 'a user id, `me`, or `none` (unassigned)' })
  @IsOptional()
  @IsString()
  assigneeId?: string;

  @ApiPropertyOptional({
    enum: CONVERSATION_SORTS,
    default: 'latest',
    description:
      'latest: latest activity first; priority: urgent → none, then latest activity; waiting: conversations whose ' +
      'customer waits for an answer first, the longest-waiting (oldest unanswered customer message) at the top, ' +
      'then the rest by latest activity',
  })
  @IsOptional()
  @IsIn(CONVERSATION_SORTS as readonly string[], { message: `sort must be one of ${CONVERSATION_SORTS.join(', ')}` })
  sort?: ConversationSort;

  @ApiPropertyOptional({ description: 'opaque cursor from the previous page (of the same sort)' })
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

export class PageQuery {
  @ApiPropertyOptional({ description: 'opaque cursor from the previous page' })
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

export class ReplyDto {
  @ApiPropertyOptional({ example: 'Thanks, we are looking into it.', description: 'required unless attachmentIds' })
  @IsOptional()
  @IsString({ message: 'text must be a string' })
  @MaxLength(10_000)
  text?: string;

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    maxItems: 4,
    description:
      'files to send with the reply: ids from POST /conversations/{id}/attachments or of attachments received ' +
      'in the workspace (images go out as images on WeChat channels)',
  })
  @IsOptional()
  @IsArray({ message: 'attachmentIds must be an array of attachment ids' })
  @ArrayMaxSize(4, { message: 'attachmentIds takes at most 4 ids' })
  @IsUUID('all', { each: true, message: 'attachmentIds must hold attachment ids (uuids)' })
  attachmentIds?: string[];
}

export class UpdateConversationDto {
  @ApiPropertyOptional({ enum: CONVERSATION_STATUSES })
  @IsOptional()
  @IsIn(CONVERSATION_STATUSES as string[], { message: `status must be one of ${CONVERSATION_STATUSES.join(', ')}` })
  status?: (typeof CONVERSATION_STATUSES)[number];

  @ApiPropertyOptional({
    description: 'with status=snoozed: reopen at this time (ISO-8601); omit to wait for the next customer message',
  })
  @IsOptional()
  @IsDateString({}, { message: 'snoozedUntil must be an ISO-8601 date-time' })
  snoozedUntil?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    description: 'a member of the workspace, or null to unassign',
  })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  assigneeId?: string | null;

  @ApiPropertyOptional({ enum: CONVERSATION_PRIORITIES })
  @IsOptional()
  @IsIn(CONVERSATION_PRIORITIES as string[], {
    message: `priority must be one of ${CONVERSATION_PRIORITIES.join(', ')}`,
  })
  priority?: (typeof CONVERSATION_PRIORITIES)[number];
}

export class AttachmentDto {
  @ApiProperty() url!: string;
  @ApiPropertyOptional() type?: string;
  @ApiPropertyOptional() name?: string;
  @ApiPropertyOptional() size?: number;
  @ApiPropertyOptional({ description: 'MIME type of a file Murmur stores' }) contentType?: string;
  @ApiPropertyOptional({
    enum: ['pending', 'unavailable'],
    description:
      'pending: Murmur is still downloading the file from the platform; unavailable: it could not (see error). ' +
      'Absent once the file is stored and `url` points at /api/v1/attachments/{id}.',
  })
  status?: 'pending' | 'unavailable';
  @ApiPropertyOptional({ description: 'why the file is unavailable, e.g. "NOT_FOUND: … media has expired"' })
  error?: string;
}

export class SentimentDto {
  @ApiProperty({ enum: ['positive', 'negative', 'neutral'] }) label!: string;
  @ApiProperty({ nullable: true, type: Number }) score!: number | null;
  @ApiProperty({ nullable: true, type: Number }) confidence!: number | null;
  @ApiProperty({ nullable: true, type: String }) language!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'model version, or "agent" for a correction' })
  model!: string | null;
}

export class MessageDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) conversationId!: string;
  @ApiProperty({ format: 'uuid' }) channelId!: string;
  @ApiProperty({ enum: ['in', 'out'] }) direction!: 'in' | 'out';
  @ApiProperty() text!: string;
  @ApiProperty({ type: [AttachmentDto] }) attachments!: AttachmentDto[];
  @ApiProperty({
    description: '{ type: "contact", identityId, name } for customers, { type: "user", userId } for staff',
    example: { type: 'contact', identityId: '5f0c…', name: 'Alice' },
  })
  author!: Record<string, unknown>;
  @ApiProperty({ nullable: true, type: String }) platformMessageId!: string | null;
  @ApiProperty({ description: 'event time reported by the platform' }) sentAt!: string;
  @ApiProperty({ description: 'when Murmur stored it' }) createdAt!: string;
  @ApiProperty({ nullable: true, enum: ['pending', 'sent', 'failed'] }) deliveryStatus!:
    'pending' | 'sent' | 'failed' | null;
  @ApiProperty({ nullable: true, type: String }) deliveryError!: string | null;
  @ApiProperty({ nullable: true, type: Number, description: "the author's followers or the group's size, when known" })
  reach!: number | null;
  @ApiProperty({
    nullable: true,
    type: SentimentDto,
    description: 'set on every inbound message before it is published; model "agent" when an agent corrected it',
  })
  sentiment!: SentimentDto | null;
}

export class ConversationDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) channelId!: string;
  @ApiProperty({ nullable: true, type: String }) contactId!: string | null;
  @ApiProperty({ nullable: true, example: { id: '…', name: 'Alice' } }) contact!: {
    id: string;
    name: string | null;
  } | null;
  @ApiProperty() threadKey!: string;
  @ApiProperty() isGroup!: boolean;
  @ApiProperty({ nullable: true, type: String }) subject!: string | null;
  @ApiProperty({ enum: CONVERSATION_STATUSES }) status!: 'open' | 'pending' | 'snoozed' | 'resolved';
  @ApiProperty({ nullable: true, type: String }) assigneeId!: string | null;
  @ApiProperty({ enum: CONVERSATION_PRIORITIES }) priority!: 'none' | 'low' | 'medium' | 'high' | 'urgent';
  @ApiProperty({ nullable: true, type: String }) snoozedUntil!: string | null;
  @ApiProperty() lastMessageAt!: string;
  @ApiProperty({
    nullable: true,
    type: String,
    description: "when the oldest unanswered customer message arrived; null when the last word is the team's",
  })
  waitingSince!: string | null;
  @ApiProperty({
    description:
      "REST: the signed-in member's own unread customer messages (counted up to 100). In the workspace-wide " +
      '`conversation.updated` event: the shared count since the last reply or read; members get their own ' +
      'as `conversation.unread`',
  })
  unreadCount!: number;
  @ApiProperty({ nullable: true }) lastMessage!: { text: string; direction: 'in' | 'out'; sentAt: string } | null;
  @ApiProperty({ type: [String], description: 'ids of the labels on the conversation' }) labelIds!: string[];
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

export class ConversationPageDto {
  @ApiProperty({ type: [ConversationDto] }) items!: ConversationDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class MessagePageDto {
  @ApiProperty({ type: [MessageDto], description: 'newest first' }) items!: MessageDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class MoveToDmDto {
  @ApiProperty({ example: 'Sorry about this — could you send us your order number here?' })
  @IsString({ message: 'text must be a string' })
  @MinLength(1, { message: 'text must not be empty' })
  @MaxLength(10_000)
  text!: string;
}

export class MoveToDmResultDto {
  @ApiProperty({ format: 'uuid', description: 'the public conversation the move started from' })
  publicConversationId!: string;
  @ApiProperty({ format: 'uuid', description: 'the private (DM) conversation with the author' })
  dmConversationId!: string;
  @ApiProperty({ type: MessageDto, description: 'the DM, status pending; delivery updates arrive as message.updated' })
  message!: MessageDto;
}
