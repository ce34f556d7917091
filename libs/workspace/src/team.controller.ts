import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@scrm/auth';
import { ParseIdPipe } from '@scrm/common';
import { InvitedMemberDto, InviteMemberDto, MemberDto, UpdateMemberDto } from './team.dto';
import { TeamService } from './team.service';

@ApiTags('team')
@ApiBearerAuth()
@Controller('members')
export class TeamController {
  constructor(private readonly team: TeamService) {}

  @Get()
  @ApiOkResponse({ type: [MemberDto], description: "the members of the token's workspace" })
  list(@CurrentPrincipal() p: Principal): Promise<MemberDto[]> {
    return this.team.list(p.workspaceId);
  }

  @Post()
  @Roles('owner', 'admin')
  @ApiCreatedResponse({ type: InvitedMemberDto, description: 'adds an existing account, or creates one' })
  invite(@CurrentPrincipal() p: Principal, @Body() body: InviteMemberDto): Promise<InvitedMemberDto> {
    return this.team.invite(p, body.email, body.name, body.role);
  }

  @Patch(':userId')
  @Roles('owner', 'admin')
  @ApiOkResponse({ type: MemberDto })
  setRole(
    @CurrentPrincipal() p: Principal,
    @Param('userId', new ParseIdPipe('member')) userId: string,
    @Body() body: UpdateMemberDto,
  ): Promise<MemberDto> {
    return this.team.setRole(p, userId, body.role);
  }
}
