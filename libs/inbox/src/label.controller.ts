import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
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
import { ConversationDto } from './inbox.dto';
import { CreateLabelDto, LabelDto, SetLabelsDto } from './collaboration.dto';
import { LabelService } from './label.service';

@ApiTags('labels')
@ApiBearerAuth()
@ApiErrors(401)
@Controller()
export class LabelController {
  constructor(private readonly labels: LabelService) {}

  @Get('labels')
  @ApiOperation({ summary: 'Labels of the workspace' })
  @ApiOkResponse({ type: [LabelDto] })
  list(@CurrentPrincipal() p: Principal): Promise<LabelDto[]> {
    return this.labels.list(p.workspaceId);
  }

  @Post('labels')
  @Roles('owner', 'admin')
  @ApiOperation({ summary: 'Create a label (owner, admin)' })
  @ApiCreatedResponse({ type: LabelDto })
  @ApiErrors(400, 403, 409)
  create(@CurrentPrincipal() p: Principal, @Body() body: CreateLabelDto): Promise<LabelDto> {
    return this.labels.create(p.workspaceId, body.name, body.color);
  }

  @Delete('labels/:id')
  @Roles('owner', 'admin')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a label (owner, admin)' })
  @ApiErrors(403, 404)
  @ApiNoContentResponse({ description: 'deleted, and taken off every conversation' })
  delete(@CurrentPrincipal() p: Principal, @Param('id', new ParseIdPipe('label')) id: string): Promise<void> {
    return this.labels.delete(p.workspaceId, id);
  }

  @Put('conversations/:id/labels')
  @Roles('owner', 'admin', 'agent')
  @ApiOperation({ summary: 'Set the labels of a conversation (owner, admin, agent)' })
  @ApiErrors(400, 403, 404)
  @ApiOkResponse({ type: ConversationDto, description: 'replaces the labels on the conversation' })
  set(
    @CurrentPrincipal() p: Principal,
    @Param('id', new ParseIdPipe('conversation')) id: string,
    @Body() body: SetLabelsDto,
  ): Promise<ConversationDto> {
    return this.labels.setForConversation(p, id, body.labelIds);
  }
}
