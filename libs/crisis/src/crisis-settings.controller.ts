import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@scrm/auth';
import { ApiErrors, ParseIdPipe } from '@scrm/common';
import { AlertWebhookService } from './alert-webhook.service';
import { CrisisKeywordSetService } from './crisis-keyword-set.service';
import { CrisisTrendService } from './crisis-trend.service';
import {
  AlertWebhookDto,
  CreateAlertWebhookDto,
  CreatedAlertWebhookDto,
  CreateKeywordSetDto,
  CrisisTopicListDto,
  KeywordSetDto,
  KeywordSetInput,
  KeywordSetListDto,
  TrendDto,
  TrendQuery,
  UpdateAlertWebhookDto,
} from './crisis.dto';

const setId = new ParseIdPipe('keyword set');
const hookId = new ParseIdPipe('alert webhook');

@ApiTags('crisis')
@ApiBearerAuth()
@ApiErrors(401)
@Controller('crisis')
export class CrisisSettingsController {
  constructor(
    private readonly keywordSets: CrisisKeywordSetService,
    private readonly webhooks: AlertWebhookService,
    private readonly trends: CrisisTrendService,
  ) {}

  @Get('trend')
  @ApiOperation({ summary: 'Counts by sentiment label per bucket (event time) for a topic and channel type' })
  @ApiOkResponse({ type: TrendDto })
  @ApiErrors(400)
  trend(@CurrentPrincipal() p: Principal, @Query() q: TrendQuery): Promise<TrendDto> {
    return this.trends.trend(p.workspaceId, q);
  }

  @Get('topics')
  @ApiOperation({
    summary: 'The topics detection watches: the workspace, topic keyword sets and X listening queries',
    description: "Each key is what `GET /crisis/trend?topic=` and an alert's `topic.key` use.",
  })
  @ApiOkResponse({ type: CrisisTopicListDto })
  topics(@CurrentPrincipal() p: Principal): Promise<CrisisTopicListDto> {
    return this.trends.topics(p.workspaceId);
  }

  @Get('keyword-sets')
  @ApiOperation({ summary: 'Crisis keyword sets of the workspace' })
  @ApiOkResponse({ type: KeywordSetListDto })
  listSets(@CurrentPrincipal() p: Principal): Promise<KeywordSetListDto> {
    return this.keywordSets.list(p.workspaceId);
  }

  @Post('keyword-sets')
  @Roles('owner', 'admin')
  @ApiOperation({ summary: 'Create a crisis keyword set (owner, admin)' })
  @ApiCreatedResponse({ type: KeywordSetDto })
  @ApiErrors(400, 403, 409)
  createSet(@CurrentPrincipal() p: Principal, @Body() body: CreateKeywordSetDto): Promise<KeywordSetDto> {
    return this.keywordSets.create(p.workspaceId, body);
  }

  @Get('keyword-sets/:id')
  @ApiOperation({ summary: 'One crisis keyword set' })
  @ApiErrors(404)
  @ApiOkResponse({ type: KeywordSetDto })
  getSet(@CurrentPrincipal() p: Principal, @Param('id', setId) id: string): Promise<KeywordSetDto> {
    return this.keywordSets.get(p.workspaceId, id);
  }

  @Put('keyword-sets/:id')
  @Roles('owner', 'admin')
  @ApiOperation({ summary: 'Change a crisis keyword set (owner, admin)' })
  @ApiOkResponse({ type: KeywordSetDto })
  @ApiErrors(400, 403, 404, 409)
  updateSet(
    @CurrentPrincipal() p: Principal,
    @Param('id', setId) id: string,
    @Body() body: KeywordSetInput,
  ): Promise<KeywordSetDto> {
    return this.keywordSets.update(p.workspaceId, id, body);
  }

  @Delete('keyword-sets/:id')
  @HttpCode(204)
  @Roles('owner', 'admin')
  @ApiOperation({ summary: 'Delete a crisis keyword set (owner, admin)' })
  @ApiNoContentResponse({ description: 'deleted' })
  @ApiErrors(403, 404)
  removeSet(@CurrentPrincipal() p: Principal, @Param('id', setId) id: string): Promise<void> {
    return this.keywordSets.remove(p.workspaceId, id);
  }

  @Get('webhooks')
  @Roles('owner', 'admin')
  @ApiOperation({ summary: 'Alert webhooks of the workspace (owner, admin)' })
  @ApiOkResponse({ type: [AlertWebhookDto] })
  @ApiErrors(403)
  listHooks(@CurrentPrincipal() p: Principal): Promise<AlertWebhookDto[]> {
    return this.webhooks.list(p.workspaceId);
  }

  @Post('webhooks')
  @Roles('owner', 'admin')
  @ApiOperation({
    summary: 'Add an alert webhook',
    description:
      'Alert events are POSTed with X-Murmur-Event, X-Murmur-Timestamp and X-Murmur-Signature: ' +
      'sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>. The secret is shown only in this response.',
  })
  @ApiCreatedResponse({ type: CreatedAlertWebhookDto })
  @ApiErrors(400, 403)
  createHook(@CurrentPrincipal() p: Principal, @Body() body: CreateAlertWebhookDto): Promise<CreatedAlertWebhookDto> {
    return this.webhooks.create(p.workspaceId, body);
  }

  @Get('webhooks/:id')
  @Roles('owner', 'admin')
  @ApiOperation({ summary: 'One alert webhook (owner, admin)' })
  @ApiOkResponse({ type: AlertWebhookDto })
  @ApiErrors(403, 404)
  getHook(@CurrentPrincipal() p: Principal, @Param('id', hookId) id: string): Promise<AlertWebhookDto> {
    return this.webhooks.get(p.workspaceId, id);
  }

  @Patch('webhooks/:id')
  @Roles('owner', 'admin')
  @ApiOperation({ summary: 'Change an alert webhook (owner, admin)' })
  @ApiOkResponse({ type: AlertWebhookDto })
  @ApiErrors(400, 403, 404)
  updateHook(
    @CurrentPrincipal() p: Principal,
    @Param('id', hookId) id: string,
    @Body() body: UpdateAlertWebhookDto,
  ): Promise<AlertWebhookDto> {
    return this.webhooks.update(p.workspaceId, id, body);
  }

  @Delete('webhooks/:id')
  @HttpCode(204)
  @Roles('owner', 'admin')
  @ApiOperation({ summary: 'Delete an alert webhook (owner, admin)' })
  @ApiNoContentResponse({ description: 'deleted' })
  @ApiErrors(403, 404)
  removeHook(@CurrentPrincipal() p: Principal, @Param('id', hookId) id: string): Promise<void> {
    return this.webhooks.remove(p.workspaceId, id);
  }
}
