import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Max, Min, ValidateIf } from 'class-validator';

export class WorkspaceSettingsDto {
  @ApiProperty({
    nullable: true,
    type: Number,
    example: 365,
    description: 'messages older than this many days (event time) are deleted; null keeps them forever',
  })
  retentionDays!: number | null;
}

export class UpdateWorkspaceSettingsDto {
  @ApiProperty({
    nullable: true,
    type: Number,
    required: false,
    minimum: 1,
    maximum: 36500,
    description: 'days to keep messages (1–36500), or null to keep them forever; omitted leaves it unchanged',
  })
  @ValidateIf((o: UpdateWorkspaceSettingsDto) => o.retentionDays !== null && o.retentionDays !== undefined)
  @IsInt({ message: 'retentionDays must be a whole number of days or null' })
  @Min(1, { message: 'retentionDays must be at least 1' })
  @Max(36500, { message: 'retentionDays must be at most 36500' })
  retentionDays?: number | null;
}
