import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@scrm/auth';
import { ParseIdPipe } from '@scrm/common';
import type { AlertView } from '@scrm/realtime';
import { CrisisAlertService } from './crisis-alert.service';
import { AlertDto, AlertPageDto, ListAlertsQuery } from './crisis.dto';

const id = new ParseIdPipe('alert');

@ApiTags('crisis')
@ApiBearerAuth()
@Controller('crisis/alerts')
export class CrisisAlertController {
  constructor(private readonly alerts: CrisisAlertService) {}

  @Get()
  @ApiOkResponse({ type: AlertPageDto, description: 'newest first, cursor-paginated' })
  list(@CurrentPrincipal() p: Principal, @Query() q: ListAlertsQuery): Promise<AlertPageDto> {
    return this.alerts.list(p.workspaceId, q);
  }

  @Get(':id')
  @ApiOkResponse({ type: AlertDto })
  get(@CurrentPrincipal() p: Principal, @Param('id', id) alertId: string): Promise<AlertView> {
    return this.alerts.get(p.workspaceId, alertId);
  }

  @Post(':id/acknowledge')
  @HttpCode(200)
  @Roles('owner', 'admin', 'agent')
  @ApiOperation({ summary: 'open → acknowledged (records who and when); published as alert.updated' })
  @ApiOkResponse({ type: AlertDto })
  acknowledge(@CurrentPrincipal() p: Principal, @Param('id', id) alertId: string): Promise<AlertView> {
    return this.alerts.transition(p, alertId, 'acknowledged');
  }

  @Post(':id/resolve')
  @HttpCode(200)
  @Roles('owner', 'admin', 'agent')
  @ApiOperation({ summary: '→ resolved (records who and when); published as alert.updated' })
  @ApiOkResponse({ type: AlertDto })
  resolve(@CurrentPrincipal() p: Principal, @Param('id', id) alertId: string): Promise<AlertView> {
    return this.alerts.transition(p, alertId, 'resolved');
  }
}
