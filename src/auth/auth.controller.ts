import { Body, Controller, Get, HttpCode, Post, Put, Req } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { Request } from 'express';
import { AllowDuringPasswordChange, Authenticated, Public } from '@kanri/access/access-rule';
import type { Principal } from '@kanri/access/actor';
import { CurrentPrincipal } from '@kanri/access/current-actor.decorator';
import { AuthRateLimited } from './auth-rate-limit';
import { AuthService } from './auth.service';
import { Screen } from '@kanri/access/screen.decorator';
import { ChangePasswordDto, LoginDto, SetConfirmationPasswordDto } from './dto/login.dto';
import { LoginResultView } from './dto/login-result.view';
import { requestOrigin } from '@kanri/access/request-origin';
import { OtpRequiredView } from './second-factor/dto/otp.dto';

@ApiTags('auth')
@ApiExtraModels(LoginResultView, OtpRequiredView)
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  /**
   * Signs in with login ID and password (SPEC §3.2). Answers a token, or `{otpRequired: true, otpToken, method,
   * expiresAt}` when a second factor must follow (`POST /auth/otp/verify`).
   */
  @Post('login')
  @Public()
  @AuthRateLimited()
  @HttpCode(200)
  @ApiOkResponse({
    schema: { oneOf: [{ $ref: getSchemaPath(LoginResultView) }, { $ref: getSchemaPath(OtpRequiredView) }] },
  })
  login(@Body() dto: LoginDto, @Req() req: Request): Promise<LoginResultView | OtpRequiredView> {
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

  /** Changes the caller's own password; other sessions end. A wrong current password counts toward the lockout. */
  @Post('password')
  @Authenticated()
  @Screen('パスワード変更', 'update')
  @AllowDuringPasswordChange()
  @HttpCode(204)
  changePassword(
    @CurrentPrincipal() principal: Principal,
    @Body() dto: ChangePasswordDto,
    @Req() req: Request,
  ): Promise<void> {
    return this.auth.changePassword(principal, dto, requestOrigin(req));
  }

  /** Sets the caller's own confirmation password (確認用パスワード), proven with the sign-in password. */
  @Put('confirmation-password')
  @Authenticated()
  @Screen('確認用パスワード変更', 'update')
  @HttpCode(204)
  setConfirmationPassword(
    @CurrentPrincipal() principal: Principal,
    @Body() dto: SetConfirmationPasswordDto,
    @Req() req: Request,
  ): Promise<void> {
    return this.auth.setConfirmationPassword(principal, dto, requestOrigin(req));
  }
}
