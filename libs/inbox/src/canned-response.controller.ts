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
import { CannedResponseService } from './canned-response.service';
import { CannedResponseDto, SaveCannedResponseDto } from './collaboration.dto';

const id = new ParseIdPipe('canned response');

@ApiTags('canned-responses')
@ApiBearerAuth()
@ApiErrors(401)
@Controller('canned-responses')
export class CannedResponseController {
  constructor(private readonly canned: CannedResponseService) {}

  @Get()
  @ApiOperation({ summary: 'Canned responses of the workspace' })
  @ApiOkResponse({ type: [CannedResponseDto] })
  list(@CurrentPrincipal() p: Principal): Promise<CannedResponseDto[]> {
    return this.canned.list(p.workspaceId);
  }

  @Post()
  @Roles('owner', 'admin', 'agent')
  @ApiOperation({ summary: 'Create a canned response (owner, admin, agent)' })
  @ApiErrors(400, 403, 409)
  @ApiCreatedResponse({ type: CannedResponseDto })
  create(@CurrentPrincipal() p: Principal, @Body() body: SaveCannedResponseDto): Promise<CannedResponseDto> {
    return this.canned.create(p.workspaceId, body.shortcut, body.content);
  }

  @Put(':id')
  @Roles('owner', 'admin', 'agent')
  @ApiOperation({ summary: 'Change a canned response (owner, admin, agent)' })
  @ApiErrors(400, 403, 404, 409)
  @ApiOkResponse({ type: CannedResponseDto })
  update(
    @CurrentPrincipal() p: Principal,
    @Param('id', id) cannedId: string,
    @Body() body: SaveCannedResponseDto,
  ): Promise<CannedResponseDto> {
    return this.canned.update(p.workspaceId, cannedId, body.shortcut, body.content);
  }

  @Delete(':id')
  @Roles('owner', 'admin', 'agent')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a canned response (owner, admin, agent)' })
  @ApiErrors(403, 404)
  @ApiNoContentResponse({ description: 'deleted' })
  delete(@CurrentPrincipal() p: Principal, @Param('id', id) cannedId: string): Promise<void> {
    return this.canned.delete(p.workspaceId, cannedId);
  }
}
