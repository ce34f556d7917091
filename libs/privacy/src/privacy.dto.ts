import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';

export class ExportQueryDto {
  @IsOptional()
  @IsIn(['json', 'csv'], { message: 'format must be json or csv' })
  format?: 'json' | 'csv';
}

export class ExportContactDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ nullable: true, type: String }) name!: string | null;
  @ApiProperty({ nullable: true, type: String }) avatarUrl!: string | null;
  @ApiProperty({ nullable: true, type: String }) lastSeenAt!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'set for a contact merged into another' })
  mergedIntoId!: string | null;
  @ApiProperty({ nullable: true, type: String }) erasedAt!: string | null;
  @ApiProperty() createdAt!: string;
}

export class ExportIdentityDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) contactId!: string;
  @ApiProperty() channelType!: string;
  @ApiProperty() scopeKey!: string;
  @ApiProperty() platformUserId!: string;
  @ApiProperty({ nullable: true, type: String }) displayName!: string | null;
  @ApiProperty({ nullable: true, type: String }) avatarUrl!: string | null;
  @ApiProperty() createdAt!: string;
}

export class ExportConversationDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) channelId!: string;
  @ApiProperty({ description: "the platform's key of the thread" }) threadKey!: string;
  @ApiProperty() isGroup!: boolean;
  @ApiProperty({ nullable: true, type: String }) subject!: string | null;
  @ApiProperty() status!: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty() lastMessageAt!: string;
}

export class ExportMessageDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) conversationId!: string;
  @ApiProperty({ format: 'uuid' }) channelId!: string;
  @ApiProperty({ enum: ['in', 'out'] }) direction!: 'in' | 'out';
  @ApiProperty({ nullable: true, type: String, description: 'the staff member who wrote an outbound message' })
  authorUserId!: string | null;
  @ApiProperty() text!: string;
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } }) attachments!: unknown[];
  @ApiProperty() sentAt!: string;
  @ApiProperty({ nullable: true, type: String }) deliveryStatus!: string | null;
  @ApiProperty({ nullable: true, type: String }) sentimentLabel!: string | null;
  @ApiProperty({ nullable: true, type: Number }) sentimentScore!: number | null;
  @ApiProperty({ nullable: true, type: String }) erasedAt!: string | null;
}

export class ExportTimelineEventDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() kind!: string;
  @ApiProperty() occurredAt!: string;
  @ApiProperty({ nullable: true, type: String }) conversationId!: string | null;
  @ApiProperty({ nullable: true, type: String }) messageId!: string | null;
  @ApiProperty({ nullable: true, type: String }) actorUserId!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) data!: Record<string, unknown>;
}

export class ExportNoteDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) conversationId!: string;
  @ApiProperty({ format: 'uuid' }) authorUserId!: string;
  @ApiProperty() text!: string;
  @ApiProperty() createdAt!: string;
}

export class ExportSentimentCorrectionDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) messageId!: string;
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty({ nullable: true, type: String }) oldLabel!: string | null;
  @ApiProperty() newLabel!: string;
  @ApiProperty() createdAt!: string;
}

export class ExportMergeDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) survivingContactId!: string;
  @ApiProperty({ format: 'uuid' }) absorbedContactId!: string;
  @ApiProperty({ nullable: true, type: String }) actorUserId!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'both contacts’ fields around the merge' })
  fields!: Record<string, unknown>;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ nullable: true, type: String }) undoneAt!: string | null;
}

/** Everything the workspace holds about one person (the contact and any contact merged into it). */
export class ContactExportDto {
  @ApiProperty() exportedAt!: string;
  @ApiProperty({ format: 'uuid' }) contactId!: string;
  @ApiProperty({ type: ExportContactDto, description: 'the contact asked for' }) contact!: ExportContactDto;
  @ApiProperty({ type: [ExportContactDto], description: 'contacts merged into it (the same person)' })
  mergedContacts!: ExportContactDto[];
  @ApiProperty({ type: [ExportIdentityDto] }) identities!: ExportIdentityDto[];
  @ApiProperty({ type: [ExportConversationDto] }) conversations!: ExportConversationDto[];
  @ApiProperty({ type: [ExportMessageDto], description: 'their conversations, and what they wrote in groups' })
  messages!: ExportMessageDto[];
  @ApiProperty({ type: [ExportTimelineEventDto] }) timeline!: ExportTimelineEventDto[];
  @ApiProperty({ type: [ExportNoteDto], description: 'private staff notes on their conversations' })
  notes!: ExportNoteDto[];
  @ApiProperty({ type: [ExportSentimentCorrectionDto] }) sentimentCorrections!: ExportSentimentCorrectionDto[];
  @ApiProperty({ type: [ExportMergeDto] }) merges!: ExportMergeDto[];
}

export class ErasureResultDto {
  @ApiProperty({ format: 'uuid' }) contactId!: string;
  @ApiProperty({ type: [String], description: 'the contact and any contact merged into it' })
  erasedContactIds!: string[];
  @ApiProperty() identities!: number;
  @ApiProperty() conversations!: number;
  @ApiProperty({ description: 'messages whose text and attachments were removed (the rows and sentiment stay)' })
  messages!: number;
  @ApiProperty({ description: 'stored attachment files deleted' }) attachments!: number;
  @ApiProperty() notes!: number;
  @ApiProperty({ description: 'inbound messages still waiting to be processed, dropped' }) staged!: number;
  @ApiProperty() erasedAt!: string;
}
