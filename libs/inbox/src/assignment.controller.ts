import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@scrm/auth';
import { ParseIdPipe } from '@scrm/common';
import { AssignmentService } from './assignment.service';
import { AssignmentPolicyDto, SetAssignmentPolicyDto } from './collaboration.dto';

const id = new ParseIdPipe('channel');

@ApiTags('channels')
@ApiBearerAuth()
@Controller('channels/:id/assignment')
export class AssignmentController {
  constructor(private readonly assignment: AssignmentService) {}

  @Get()
  @ApiOkResponse({ type: AssignmentPolicyDto })
  get(@CurrentPrincipal() p: Principal, @Param('id', id) channelId: string): Promise<AssignmentPolicyDto> {
    return this.assignment.getPolicy(p.workspaceId, channelId);
  }

  @Put()
  @Roles('owner', 'admin')
  @ApiOkResponse({
    type: AssignmentPolicyDto,
    description: 'round_robin: new and reopened conversations go to online agents in turn, up to capacity each',
  })
  set(
    @CurrentPrincipal() p: Principal,
    @Param('id', id) channelId: string,
    @Body() body: SetAssignmentPolicyDto,
  ): Promise<AssignmentPolicyDto> {
    return this.assignment.setPolicy(p.workspaceId, channelId, body.mode, body.capacity ?? 10);
  }
}
