import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { AuthRateLimited } from '../auth-rate-limit';
import { Public } from '@kanri/access/access-rule';
import { requestOrigin } from '@kanri/access/request-origin';
import {
  IpChangeConfirmDto,
  IpChangeRequestDto,
  PasswordResetConfirmDto,
  PasswordResetRequestDto,
} from './dto/recovery.dto';
import { IpChange } from './ip-change.service';
import { PasswordReset } from './password-reset.service';

/** Password reset and IP change by emailed link (SPEC §3.5). */
@ApiTags('auth')
@Controller('auth')
export class RecoveryController {
  constructor(
    private readonly reset: PasswordReset,
    private readonly ipChange: IpChange,
  ) {}

  /** Always 202: when login ID and email match, a reset token is mailed (at most 3 per 24 hours). */
  @Post('password-reset/request')
  @Public()
  @AuthRateLimited()
  @HttpCode(202)
  requestReset(@Body() dto: PasswordResetRequestDto, @Req() req: Request): Promise<void> {
    return this.reset.request(dto, requestOrigin(req));
  }

  /** Sets a new password with the mailed token (single use, 1 hour); every session of the user ends. */
  @Post('password-reset/confirm')
  @Public()
  @AuthRateLimited()
  @HttpCode(204)
  confirmReset(@Body() dto: PasswordResetConfirmDto, @Req() req: Request): Promise<void> {
    return this.reset.confirm(dto, requestOrigin(req));
  }

  /** For a user whose current address is not allowed: proves the password and mails a confirmation token. */
  @Post('ip-change/request')
  @Public()
  @AuthRateLimited()
  @HttpCode(202)
  requestIpChange(@Body() dto: IpChangeRequestDto, @Req() req: Request): Promise<void> {
    return this.ipChange.request(dto, requestOrigin(req));
  }

  /** Adds the address the request came from to the user's allow-list. */
  @Post('ip-change/confirm')
  @Public()
  @AuthRateLimited()
  @HttpCode(200)
  confirmIpChange(@Body() dto: IpChangeConfirmDto) {
    return this.ipChange.confirm(dto);
  }
}
