import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Screen } from '@kanri/access/screen.decorator';
import { AuthRateLimited } from '../auth-rate-limit';
import { Authenticated, Public } from '@kanri/access/access-rule';
import type { Principal } from '@kanri/access/actor';
import { CurrentPrincipal } from '@kanri/access/current-actor.decorator';
import type { LoginResultView } from '../dto/login-result.view';
import { requestOrigin } from '@kanri/access/request-origin';
import {
  ActivateTotpDto,
  type OtpResentView,
  ResendOtpDto,
  type TotpSetupView,
  VerifyOtpDto,
} from './dto/otp.dto';
import { OtpChallenges } from './otp-challenges.service';
import { TotpEnrolment } from './totp-enrolment.service';

/** One-time passwords (SPEC §3.3): the second step of a sign-in, and enrolling an authenticator app. */
@ApiTags('auth')
@Controller('auth')
export class SecondFactorController {
  constructor(
    private readonly challenges: OtpChallenges,
    private readonly enrolment: TotpEnrolment,
  ) {}

  /** Completes a sign-in with the emailed or authenticator code; answers the access token. */
  @Post('otp/verify')
  @Public()
  @AuthRateLimited()
  @HttpCode(200)
  verify(@Body() dto: VerifyOtpDto, @Req() req: Request): Promise<LoginResultView> {
    return this.challenges.verify(dto.otpToken, dto.code, requestOrigin(req));
  }

  /** Mails a new code for the sign-in (at most 3 times). */
  @Post('otp/resend')
  @Public()
  @AuthRateLimited()
  @HttpCode(200)
  resend(@Body() dto: ResendOtpDto, @Req() req: Request): Promise<OtpResentView> {
    return this.challenges.resend(dto.otpToken, requestOrigin(req));
  }

  /** Starts enrolling an authenticator app: a new secret, its otpauth:// URL and QR code (shown once). */
  @Post('totp/setup')
  @Authenticated()
  @Screen('2要素認証設定', 'update')
  @HttpCode(200)
  setup(@CurrentPrincipal() principal: Principal): Promise<TotpSetupView> {
    return this.enrolment.setup(principal);
  }

  /** Turns the authenticator on with a current code from it. */
  @Post('totp/activate')
  @Authenticated()
  @Screen('2要素認証設定', 'update')
  @HttpCode(200)
  activate(@CurrentPrincipal() principal: Principal, @Body() dto: ActivateTotpDto) {
    return this.enrolment.activate(principal, dto.code);
  }
}
