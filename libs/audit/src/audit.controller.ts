import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@scrm/auth';
import { ApiErrors } from '@scrm/common';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUUID, Max, Min } from 'class-validator';
import { AuditPageDto } from './audit.dto';
import { AuditService } from './audit.service';

class AuditQueryDto {
  @IsOptional()
  @IsString()
  cursor?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1)
  @Max(200)
  limit?: number;

  @IsOptional()
  @IsString()
  action?: string;

  @IsOptional()
  @IsUUID('all', { message: 'targetId must be a UUID' })
  targetId?: string;
}

@ApiTags('audit')
@ApiBearerAuth()
@ApiErrors(401, 403)
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @Roles('owner', 'admin')
  @ApiOperation({ summary: 'The append-only audit log of the workspace, newest first (owners and admins)' })
  @ApiErrors(400)
  @ApiQuery({ name: 'cursor', required: false, description: 'nextCursor of the previous page' })
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 } })
  @ApiQuery({ name: 'action', required: false, description: 'only this action, e.g. contact.merged' })
  @ApiQuery({ name: 'targetId', required: false, description: 'only entries about this resource' })
  @ApiOkResponse({ type: AuditPageDto })
  list(@CurrentPrincipal() p: Principal, @Query() q: AuditQueryDto): Promise<AuditPageDto> {
    return this.audit.list(p.workspaceId, q.cursor, q.limit ?? 50, { action: q.action, targetId: q.targetId });
  }
}
