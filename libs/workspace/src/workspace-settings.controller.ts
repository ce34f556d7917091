import { Body, Controller, Get, Patch } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@scrm/auth';
import { ApiErrors } from '@scrm/common';
import { UpdateWorkspaceSettingsDto, WorkspaceSettingsDto } from './workspace-settings.dto';
import { WorkspaceService } from './workspace.service';

@ApiTags('workspaces')
@ApiBearerAuth()
@ApiErrors(401)
@Controller('workspace/settings')
export class WorkspaceSettingsController {
  constructor(private readonly workspaces: WorkspaceService) {}

  @Get()
  @ApiOperation({ summary: "The current workspace's settings (message retention)" })
  @ApiOkResponse({ type: WorkspaceSettingsDto })
  get(@CurrentPrincipal() p: Principal): Promise<WorkspaceSettingsDto> {
    return this.workspaces.settings(p.workspaceId);
  }

  @Patch()
  @Roles('owner', 'admin')
  @ApiOperation({ summary: "Change the current workspace's settings (owners and admins; audited)" })
  @ApiErrors(400, 403)
  @ApiOkResponse({ type: WorkspaceSettingsDto })
  update(@CurrentPrincipal() p: Principal, @Body() body: UpdateWorkspaceSettingsDto): Promise<WorkspaceSettingsDto> {
    return this.workspaces.updateSettings(p.workspaceId, p.userId, body);
  }
}
