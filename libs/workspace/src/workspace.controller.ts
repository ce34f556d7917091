import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '@scrm/common';
import { CurrentPrincipal, type Principal } from '@scrm/auth';
import { CreateWorkspaceDto, WorkspaceDto } from './workspace.dto';
import { WorkspaceService } from './workspace.service';

@ApiTags('workspaces')
@ApiBearerAuth()
@ApiErrors(401)
@Controller('workspaces')
export class WorkspaceController {
  constructor(private readonly workspaces: WorkspaceService) {}

  @Get()
  @ApiOperation({ summary: 'Workspaces the caller belongs to' })
  @ApiOkResponse({ type: [WorkspaceDto], description: 'the workspaces the caller belongs to' })
  list(@CurrentPrincipal() p: Principal): Promise<WorkspaceDto[]> {
    return this.workspaces.listForUser(p);
  }

  @Post()
  @ApiOperation({ summary: 'Create a workspace owned by the caller' })
  @ApiErrors(400)
  @ApiCreatedResponse({ type: WorkspaceDto, description: 'a new workspace owned by the caller' })
  async create(@CurrentPrincipal() p: Principal, @Body() body: CreateWorkspaceDto): Promise<WorkspaceDto> {
    const ws = await this.workspaces.createWithOwner(body.name, p.userId);
    return { ...ws, role: 'owner' };
  }
}
