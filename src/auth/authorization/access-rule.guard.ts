import { type CanActivate, type ExecutionContext, HttpStatus, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { AppError } from '@kanri/common/errors/app-error';
import { ErrorCode } from '@kanri/common/errors/error-code';
import { ACCESS_RULE, ALLOWED_DURING_PASSWORD_CHANGE, type AccessRule } from '@kanri/access/access-rule';
import type { Actor, Principal } from '@kanri/access/actor';
import { ACTOR_KEY } from '@kanri/access/current-actor.decorator';

/** Last of the global guards: applies the route's declared access rule. No rule means no access. */
@Injectable()
export class AccessRuleGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, targets);
    if (!rule) throw AppError.forbidden('This route declares no access rule');
    if (rule.kind === 'public') return true;
    const request = context.switchToHttp().getRequest<Request>();
    const principal = request.user as Principal;
    if (
      principal.mustChangePassword &&
      !this.reflector.getAllAndOverride<boolean>(ALLOWED_DURING_PASSWORD_CHANGE, targets)
    ) {
      throw new AppError(
        ErrorCode.PasswordChangeRequired,
        HttpStatus.FORBIDDEN,
        'The password must be changed before anything else',
      );
    }
    const actor = (request as unknown as Record<string, Actor | undefined>)[ACTOR_KEY];
    switch (rule.kind) {
      case 'authenticated':
        return true;
      case 'operator':
        if (!principal.isSystemOperator) throw AppError.forbidden('Only a system operator may do this');
        return true;
      case 'manager':
        if (!actor) throw AppError.forbidden('This route needs an organization');
        if (!actor.isSystemOperator && !actor.isManager)
          throw AppError.forbidden('Only a manager (管理責任者) of this organization may do this');
        return true;
      case 'permission': {
        if (!actor) throw AppError.forbidden('This route needs an organization');
        const missing = rule.permissions.filter((p) => !actor.permissions.has(p));
        if (missing.length)
          throw new AppError(ErrorCode.Forbidden, HttpStatus.FORBIDDEN, 'Missing permission', { missing });
        return true;
      }
    }
  }
}
