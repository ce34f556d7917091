import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@scrm/auth';
import { ApiErrors, ParseIdPipe } from '@scrm/common';
import { InvitedMemberDto, InviteMemberDto, MemberDto, UpdateMemberDto } from './team.dto';
import { TeamService } from './team.service';

@ApiTags('team')
@ApiBearerAuth()
@ApiErrors(401)
@Controller('members')
export class TeamController {
  constructor(private readonly team: TeamService) {}

  @Get()
  @ApiOperation({ summary: 'Members of the workspace and their roles' })
  @ApiOkResponse({ type: [MemberDto], description: "the members of the token's workspace" })
  list(@CurrentPrincipal() p: Principal): Promise<MemberDto[]> {
    return this.team.list(p.workspaceId);
  }

  @Post()
  @Roles('owner', 'admin')
  @ApiOperation({ summary: 'Invite a member (owner, admin)' })
  @ApiErrors(400, 403, 409)
  @ApiCreatedResponse({ type: InvitedMemberDto, description: 'adds an existing account, or creates one' })
  invite(@CurrentPrincipal() p: Principal, @Body() body: InviteMemberDto): Promise<InvitedMemberDto> {
    return this.team.invite(p, body.email, body.name, body.role);
  }

  @Patch(':userId')
  @Roles('owner', 'admin')
  @ApiOperation({ summary: "Change a member's role (owner, admin)" })
  @ApiOkResponse({ type: MemberDto })
  @ApiErrors(400, 403, 404, 409)
  setRole(
    @CurrentPrincipal() p: Principal,
    @Param('userId', new ParseIdPipe('member')) userId: string,
    @Body() body: UpdateMemberDto,
  ): Promise<MemberDto> {
    return this.team.setRole(p, userId, body.role);
  }
}
