import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { SCREEN_KEY, type ScreenMetadata } from '../../audit/screen.decorator';
import type { Principal } from '../authorization/actor';
import { requestOrigin } from '../request-origin';
import { ConfirmationService } from './confirmation.service';

/**
 * Runs after the global guards on `@Confirm()` routes: the body's confirmation password must match. Wrong answers
 * count toward the account lockout (SPEC §3.1).
 */
@Injectable()
export class ConfirmationGuard implements CanActivate {
  constructor(
    private readonly confirmation: ConfirmationService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request>();
    const body = (request.body ?? {}) as Record<string, unknown>;
    const screen = this.reflector.getAllAndOverride<ScreenMetadata | undefined>(SCREEN_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    await this.confirmation.verify(
      request.user as Principal,
      body.confirmationPassword,
      requestOrigin(request),
      screen?.screen ?? null,
    );
    return true;
  }
}
