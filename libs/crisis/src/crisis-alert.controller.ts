import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@scrm/auth';
import { ApiErrors, ParseIdPipe } from '@scrm/common';
import type { AlertView } from '@scrm/realtime';
import { CrisisAlertService } from './crisis-alert.service';
import { AlertDto, AlertPageDto, ListAlertsQuery } from './crisis.dto';

const id = new ParseIdPipe('alert');

@ApiTags('crisis')
@ApiBearerAuth()
@ApiErrors(401)
@Controller('crisis/alerts')
export class CrisisAlertController {
  constructor(private readonly alerts: CrisisAlertService) {}

  @Get()
  @ApiOperation({ summary: 'Crisis alerts, filtered by status' })
  @ApiErrors(400)
  @ApiOkResponse({ type: AlertPageDto, description: 'newest first, cursor-paginated' })
  list(@CurrentPrincipal() p: Principal, @Query() q: ListAlertsQuery): Promise<AlertPageDto> {
    return this.alerts.list(p.workspaceId, q);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One crisis alert' })
  @ApiErrors(404)
  @ApiOkResponse({ type: AlertDto })
  get(@CurrentPrincipal() p: Principal, @Param('id', id) alertId: string): Promise<AlertView> {
    return this.alerts.get(p.workspaceId, alertId);
  }

  @Post(':id/acknowledge')
  @HttpCode(200)
  @Roles('owner', 'admin', 'agent')
  @ApiOperation({ summary: 'open → acknowledged (records who and when); published as alert.updated' })
  @ApiBody({ required: false, description: 'no body needed', schema: { type: 'object', example: {} } })
  @ApiOkResponse({ type: AlertDto })
  @ApiErrors(403, 404, 409)
  acknowledge(@CurrentPrincipal() p: Principal, @Param('id', id) alertId: string): Promise<AlertView> {
    return this.alerts.transition(p, alertId, 'acknowledged');
  }

  @Post(':id/resolve')
  @HttpCode(200)
  @Roles('owner', 'admin', 'agent')
  @ApiOperation({ summary: '→ resolved (records who and when); published as alert.updated' })
  @ApiBody({ required: false, description: 'no body needed', schema: { type: 'object', example: {} } })
  @ApiOkResponse({ type: AlertDto })
  @ApiErrors(403, 404, 409)
  resolve(@CurrentPrincipal() p: Principal, @Param('id', id) alertId: string): Promise<AlertView> {
    return this.alerts.transition(p, alertId, 'resolved');
  }
}
