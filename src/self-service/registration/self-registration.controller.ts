import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Public } from '@kanri/access/access-rule';
import { requestOrigin } from '@kanri/access/request-origin';
import { Screen } from '@kanri/access/screen.decorator';
import { ErrorCode } from '@kanri/common/errors/error-code';
import { AuthRateLimited } from '../../auth/auth-rate-limit';
import { ApiErrors } from '../../openapi/api-errors.decorator';
import {
  SelfRegistrationAcceptedView,
  SelfRegistrationDto,
  SelfRegistrationVerifiedView,
  VerifySelfRegistrationDto,
} from './self-registration.dto';
import { SELF_REGISTRATION_SCREEN, SelfRegistrationService } from './self-registration.service';

/** Self registration by organization code with e-mail verification (SPEC §13). Public, under the sign-in rate limit. */
@ApiTags('self-service')
@Controller('auth/register')
export class SelfRegistrationController {
  constructor(private readonly registration: SelfRegistrationService) {}

  /**
   * 利用者登録: mails a verification token to `email` (single use, 24 hours). No account exists until it is used.
   * 404 ORGANIZATION_CODE_NOT_FOUND for an unknown code and for an organization that does not accept self
   * registration (alike); 409 for a taken login ID; 422 USER_LIMIT_REACHED when the plan is already full.
   */
  @Post()
  @Public()
  @AuthRateLimited()
  @Screen(SELF_REGISTRATION_SCREEN, 'register')
  @HttpCode(202)
  @ApiErrors(400, ErrorCode.PasswordPolicyViolated)
  @ApiErrors(404, ErrorCode.OrganizationCodeNotFound)
  @ApiErrors(409, ErrorCode.Conflict)
  @ApiErrors(422, ErrorCode.UserLimitReached)
  register(@Body() dto: SelfRegistrationDto, @Req() req: Request): Promise<SelfRegistrationAcceptedView> {
    return this.registration.register(dto, requestOrigin(req));
  }

  /**
   * Uses the mailed token: the account is created and joins the organization as a general user, within the plan's
   * user limit (422 USER_LIMIT_REACHED when no seat is left; the token then stays usable until it expires). An
   * unknown, expired or used token: 400 AUTH_TOKEN_INVALID with `details.reason`.
   */
  @Post('verify')
  @Public()
  @AuthRateLimited()
  @Screen(SELF_REGISTRATION_SCREEN, 'register')
  @HttpCode(201)
  @ApiErrors(400, ErrorCode.AuthTokenInvalid)
  @ApiErrors(404, ErrorCode.OrganizationCodeNotFound)
  @ApiErrors(409, ErrorCode.Conflict)
  @ApiErrors(422, ErrorCode.UserLimitReached)
  verify(@Body() dto: VerifySelfRegistrationDto, @Req() req: Request): Promise<SelfRegistrationVerifiedView> {
    return this.registration.verify(dto.token, requestOrigin(req));
  }
}
