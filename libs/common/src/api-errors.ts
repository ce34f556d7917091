import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';

/** The one error shape every route answers with (see AllExceptionsFilter). */
export class ErrorDto {
  @ApiProperty({ example: 404 })
  statusCode!: number;

  @ApiProperty({ example: 'NOT_FOUND', description: 'stable machine-readable code' })
  error!: string;

  @ApiProperty({ example: 'conversation not found' })
  message!: string;

  @ApiPropertyOptional({ description: 'structured detail, e.g. the fields that failed validation' })
  details?: unknown;

  @ApiPropertyOptional({ description: 'also sent as the x-request-id response header' })
  correlationId?: string;
}

const MEANING: Record<number, string> = {
  400: 'invalid input; the message names the problem',
  401: 'missing, invalid or expired credentials',
  403: "the caller's role may not do this",
  404: 'not found in the caller’s workspace',
  409: 'conflicts with the current state',
  413: 'request body is larger than 1 MB',
};

/** Declares the error responses of a route (or of every route of a controller) with the shared shape. */
export function ApiErrors(...statuses: (keyof typeof MEANING)[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...statuses.map((status) => ApiResponse({ status, description: MEANING[status], type: ErrorDto })),
  );
}
