import { ApiProperty } from '@nestjs/swagger';

export class AuditEntryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) actorUserId!: string | null;
  @ApiProperty({ example: 'contact.merged' }) action!: string;
  @ApiProperty({ example: 'contact' }) targetType!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) targetId!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'ids and counts, never personal data' })
  data!: Record<string, unknown>;

  @ApiProperty() occurredAt!: string;
}

export class AuditPageDto {
  @ApiProperty({ type: [AuditEntryDto] }) items!: AuditEntryDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
