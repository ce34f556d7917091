import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '@scrm/common';
import { CurrentPrincipal, Public } from './auth.decorators';
import { LoginDto, MeDto, RefreshDto, SwitchWorkspaceDto, TokenPairDto } from './auth.dto';
import { AuthService } from './auth.service';
import type { Principal } from './principal';

@ApiTags('auth')
@Controller()
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('auth/login')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Log in with email and password',
    description: 'Returns a JWT access token and a refresh token.',
  })
  @ApiOkResponse({ type: TokenPairDto })
  @ApiErrors(400, 401)
  login(@Body() body: LoginDto): Promise<TokenPairDto> {
    return this.auth.login(body.email, body.password);
  }

  @Public()
  @Post('auth/refresh')
  @HttpCode(200)
  @ApiOperation({ summary: 'Exchange a refresh token for a new token pair' })
  @ApiOkResponse({ type: TokenPairDto })
  @ApiErrors(400, 401)
  refresh(@Body() body: RefreshDto): Promise<TokenPairDto> {
    return this.auth.refresh(body.refreshToken);
  }

  @ApiBearerAuth()
  @Post('auth/switch-workspace')
  @HttpCode(200)
  @ApiOperation({ summary: 'Switch the workspace the tokens act in' })
  @ApiOkResponse({ type: TokenPairDto, description: 'new tokens acting in the chosen workspace' })
  @ApiErrors(400, 401, 404)
  switchWorkspace(@CurrentPrincipal() p: Principal, @Body() body: SwitchWorkspaceDto): Promise<TokenPairDto> {
    return this.auth.switchWorkspace(p, body.workspaceId);
  }

  @ApiBearerAuth()
  @Get('me')
  @ApiOperation({ summary: 'The current user, their workspaces and role' })
  @ApiOkResponse({ type: MeDto })
  @ApiErrors(401)
  me(@CurrentPrincipal() p: Principal): Promise<MeDto> {
    return this.auth.me(p);
  }
}
