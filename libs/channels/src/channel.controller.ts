import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
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
import { ChannelDto, CreatedChannelDto, CreateChannelDto, UpdateChannelDto } from './channel.dto';
import { ChannelService } from './channel.service';

const uuid = new ParseIdPipe('channel');

@ApiTags('channels')
@ApiBearerAuth()
@ApiErrors(401)
@Controller('channels')
export class ChannelController {
  constructor(private readonly channels: ChannelService) {}

  @Post()
  @Roles('owner', 'admin')
  @ApiOperation({
    summary: 'Connect a channel (owner, admin)',
    description: 'For type `webhook` the response carries the inbound URL and the signing secret, shown only here.',
  })
  @ApiErrors(400, 403)
  @ApiCreatedResponse({ type: CreatedChannelDto, description: 'generated secrets appear only in this response' })
  create(@CurrentPrincipal() p: Principal, @Body() body: CreateChannelDto): Promise<CreatedChannelDto> {
    return this.channels.create(p.workspaceId, body);
  }

  @Get()
  @ApiOperation({ summary: "List the workspace's channels (secrets are never returned)" })
  @ApiOkResponse({ type: [ChannelDto] })
  list(@CurrentPrincipal() p: Principal): Promise<ChannelDto[]> {
    return this.channels.list(p.workspaceId);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One channel' })
  @ApiOkResponse({ type: ChannelDto })
  @ApiErrors(404)
  get(@CurrentPrincipal() p: Principal, @Param('id', uuid) id: string): Promise<ChannelDto> {
    return this.channels.get(p.workspaceId, id);
  }

  @Patch(':id')
  @Roles('owner', 'admin')
  @ApiOperation({ summary: 'Rename or reconfigure a channel (owner, admin); secrets are write-only' })
  @ApiOkResponse({ type: ChannelDto })
  @ApiErrors(400, 403, 404)
  update(
    @CurrentPrincipal() p: Principal,
    @Param('id', uuid) id: string,
    @Body() body: UpdateChannelDto,
  ): Promise<ChannelDto> {
    return this.channels.update(p.workspaceId, id, body);
  }

  @Delete(':id')
  @Roles('owner', 'admin')
  @HttpCode(204)
  @ApiOperation({ summary: 'Disconnect and delete a channel (owner, admin)' })
  @ApiNoContentResponse({ description: 'deleted' })
  @ApiErrors(403, 404)
  remove(@CurrentPrincipal() p: Principal, @Param('id', uuid) id: string): Promise<void> {
    return this.channels.remove(p.workspaceId, id);
  }
}
