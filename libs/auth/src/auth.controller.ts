import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
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
  @ApiOkResponse({ type: TokenPairDto })
  login(@Body() body: LoginDto): Promise<TokenPairDto> {
    return this.auth.login(body.email, body.password);
  }

  @Public()
  @Post('auth/refresh')
  @HttpCode(200)
  @ApiOkResponse({ type: TokenPairDto })
  refresh(@Body() body: RefreshDto): Promise<TokenPairDto> {
    return this.auth.refresh(body.refreshToken);
  }

  @ApiBearerAuth()
  @Post('auth/switch-workspace')
  @HttpCode(200)
  @ApiOkResponse({ type: TokenPairDto, description: 'new tokens acting in the chosen workspace' })
  switchWorkspace(@CurrentPrincipal() p: Principal, @Body() body: SwitchWorkspaceDto): Promise<TokenPairDto> {
    return this.auth.switchWorkspace(p, body.workspaceId);
  }

  @ApiBearerAuth()
  @Get('me')
  @ApiOkResponse({ type: MeDto })
  me(@CurrentPrincipal() p: Principal): Promise<MeDto> {
    return this.auth.me(p);
  }
}
