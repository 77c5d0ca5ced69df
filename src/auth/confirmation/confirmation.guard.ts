import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import type { Principal } from '../authorization/actor';
import { ConfirmationService } from './confirmation.service';

/** Runs after the global guards on `@Confirm()` routes: the body's confirmation password must match. */
@Injectable()
export class ConfirmationGuard implements CanActivate {
  constructor(private readonly confirmation: ConfirmationService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request>();
    const body = (request.body ?? {}) as Record<string, unknown>;
    await this.confirmation.verify((request.user as Principal).userId, body.confirmationPassword);
    return true;
  }
}
