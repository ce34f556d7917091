import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class TimelineMessageDto {
  @ApiProperty({ enum: ['in', 'out'] }) direction!: 'in' | 'out';
  @ApiProperty() text!: string;
  @ApiProperty({ format: 'uuid' }) channelId!: string;
}

export class TimelineEventDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({
    description:
      'message, conversation.opened, conversation.reopened, conversation.status_changed, conversation.assigned …',
  })
  kind!: string;
  @ApiProperty({ description: 'event time (ISO-8601)' }) occurredAt!: string;
  @ApiProperty({ nullable: true, type: String }) conversationId!: string | null;
  @ApiProperty({ nullable: true, type: String }) messageId!: string | null;
  @ApiProperty({ nullable: true, type: String }) actorUserId!: string | null;
  @ApiProperty() data!: Record<string, unknown>;
  @ApiPropertyOptional({ type: TimelineMessageDto }) message?: TimelineMessageDto;
}

export class TimelinePageDto {
  @ApiProperty({ type: [TimelineEventDto] }) items!: TimelineEventDto[];
  @ApiProperty({ nullable: true, type: String, description: 'pass as `cursor` for the next (older) page' })
  nextCursor!: string | null;
}
