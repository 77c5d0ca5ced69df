import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { AllowDuringPasswordChange, Authenticated, Public } from './authorization/access-rule';
import type { Principal } from './authorization/actor';
import { CurrentPrincipal } from './authorization/current-actor.decorator';
import { AuthService } from './auth.service';
import { Screen } from '../audit/screen.decorator';
import { ChangePasswordDto, LoginDto } from './dto/login.dto';
import type { LoginResultView } from './dto/login-result.view';
import { requestOrigin } from './request-origin';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  /** Signs in with login ID and password (SPEC §3.2). */
  @Post('login')
  @Public()
  @HttpCode(200)
  login(@Body() dto: LoginDto, @Req() req: Request): Promise<LoginResultView> {
    return this.auth.login(dto, requestOrigin(req));
  }

  /** Ends the current session; its token stops working at once. */
  @Post('logout')
  @Authenticated()
  @Screen('ログアウト', 'update')
  @AllowDuringPasswordChange()
  @HttpCode(204)
  logout(@CurrentPrincipal() principal: Principal, @Req() req: Request): Promise<void> {
    return this.auth.logout(principal, requestOrigin(req));
  }

  /** The signed-in user, organization, manager flag and permissions. */
  @Get('me')
  @Authenticated()
  @Screen('ログインユーザー情報')
  @AllowDuringPasswordChange()
  me(@CurrentPrincipal() principal: Principal) {
    return this.auth.me(principal);
  }

  /** Changes the caller's own password; other sessions end. */
  @Post('password')
  @Authenticated()
  @Screen('パスワード変更', 'update')
  @AllowDuringPasswordChange()
  @HttpCode(204)
  changePassword(@CurrentPrincipal() principal: Principal, @Body() dto: ChangePasswordDto): Promise<void> {
    return this.auth.changePassword(principal, dto);
  }
}
