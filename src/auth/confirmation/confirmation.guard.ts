import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { CONFIRM_KEY } from '@kanri/access/confirm.decorator';
import { SCREEN_KEY, type ScreenMetadata } from '@kanri/access/screen.decorator';
import type { Principal } from '@kanri/access/actor';
import { requestOrigin } from '@kanri/access/request-origin';
import { ConfirmationService } from './confirmation.service';

/**
 * Last guard of the global chain (auth.module.ts): on routes marked `@Confirm()` the body's confirmation password
 * must match; other routes pass. Wrong answers count toward the account lockout (SPEC §3.1).
 */
@Injectable()
export class ConfirmationGuard implements CanActivate {
  constructor(
    private readonly confirmation: ConfirmationService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (!this.reflector.getAllAndOverride<boolean | undefined>(CONFIRM_KEY, targets)) return true;
    const request = context.switchToHttp().getRequest<Request>();
    const body = (request.body ?? {}) as Record<string, unknown>;
    const screen = this.reflector.getAllAndOverride<ScreenMetadata | undefined>(SCREEN_KEY, targets);
    await this.confirmation.verify(
      request.user as Principal,
      body,
      requestOrigin(request),
      screen?.screen ?? null,
    );
    return true;
  }
}
