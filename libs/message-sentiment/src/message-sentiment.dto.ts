import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';

const LABELS = ['positive', 'negative', 'neutral'] as const;

export class CorrectSentimentDto {
  @ApiProperty({ enum: LABELS, description: 'the label the message should have' })
  @IsIn(LABELS as unknown as string[], { message: `label must be one of ${LABELS.join(', ')}` })
  label!: (typeof LABELS)[number];
}

export class SentimentCorrectionDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) messageId!: string;
  @ApiProperty({ format: 'uuid', description: 'who corrected it' }) userId!: string;
  @ApiProperty({ nullable: true, type: String, description: 'the label before' }) oldLabel!: string | null;
  @ApiProperty({ enum: LABELS }) newLabel!: string;
  @ApiProperty() createdAt!: string;
}

export class CorrectionListQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 50000, default: 1000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1)
  @Max(50000)
  limit?: number;
}

export class RescoreDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 365, default: 30, description: 'event-time days to look back' })
  @IsOptional()
  @IsInt({ message: 'days must be a whole number' })
  @Min(1)
  @Max(365)
  days?: number;
}

export class RescoreStartedDto {
  @ApiProperty({ description: 'the model messages are re-labelled with' }) modelVersion!: string;
  @ApiProperty({ description: 'messages sent from this time on are re-labelled' }) since!: string;
}
