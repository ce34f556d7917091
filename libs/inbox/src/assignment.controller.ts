import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@scrm/auth';
import { ApiErrors, ParseIdPipe } from '@scrm/common';
import { AssignmentService } from './assignment.service';
import { AssignmentPolicyDto, SetAssignmentPolicyDto } from './collaboration.dto';

const id = new ParseIdPipe('channel');

@ApiTags('channels')
@ApiBearerAuth()
@ApiErrors(401)
@Controller('channels/:id/assignment')
export class AssignmentController {
  constructor(private readonly assignment: AssignmentService) {}

  @Get()
  @ApiOperation({ summary: 'The assignment policy of a channel' })
  @ApiErrors(404)
  @ApiOkResponse({ type: AssignmentPolicyDto })
  get(@CurrentPrincipal() p: Principal, @Param('id', id) channelId: string): Promise<AssignmentPolicyDto> {
    return this.assignment.getPolicy(p.workspaceId, channelId);
  }

  @Put()
  @Roles('owner', 'admin')
  @ApiOperation({ summary: 'Set the assignment policy of a channel (owner, admin)' })
  @ApiErrors(400, 403, 404)
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
