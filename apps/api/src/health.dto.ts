import { ApiProperty } from '@nestjs/swagger';

export class LivenessDto {
  @ApiProperty({ enum: ['ok'] })
  status!: 'ok';
}

export class ReadinessDto {
  @ApiProperty({ enum: ['ready', 'not-ready'] })
  status!: 'ready' | 'not-ready';

  @ApiProperty({
    description: 'one entry per dependency: `ok`, `skipped` (not configured), `pending` or `error: …`',
    example: { database: 'ok', migrations: 'ok', redis: 'ok' },
    type: 'object',
    additionalProperties: { type: 'string' },
  })
  checks!: Record<string, string>;
}
