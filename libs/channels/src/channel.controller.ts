import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@scrm/auth';
import { ParseIdPipe } from '@scrm/common';
import { ChannelDto, CreatedChannelDto, CreateChannelDto, UpdateChannelDto } from './channel.dto';
import { ChannelService } from './channel.service';

const uuid = new ParseIdPipe('channel');

@ApiTags('channels')
@ApiBearerAuth()
@Controller('channels')
export class ChannelController {
  constructor(private readonly channels: ChannelService) {}

  @Post()
  @Roles('owner', 'admin')
  @ApiCreatedResponse({ type: CreatedChannelDto, description: 'generated secrets appear only in this response' })
  create(@CurrentPrincipal() p: Principal, @Body() body: CreateChannelDto): Promise<CreatedChannelDto> {
    return this.channels.create(p.workspaceId, body);
  }

  @Get()
  @ApiOkResponse({ type: [ChannelDto] })
  list(@CurrentPrincipal() p: Principal): Promise<ChannelDto[]> {
    return this.channels.list(p.workspaceId);
  }

  @Get(':id')
  @ApiOkResponse({ type: ChannelDto })
  get(@CurrentPrincipal() p: Principal, @Param('id', uuid) id: string): Promise<ChannelDto> {
    return this.channels.get(p.workspaceId, id);
  }

  @Patch(':id')
  @Roles('owner', 'admin')
  @ApiOkResponse({ type: ChannelDto })
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
  @ApiNoContentResponse()
  remove(@CurrentPrincipal() p: Principal, @Param('id', uuid) id: string): Promise<void> {
    return this.channels.remove(p.workspaceId, id);
  }
}
