import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import type { Actor } from '@kanri/access/actor';
import { ACTOR_KEY } from '@kanri/access/current-actor.decorator';
import { ManagersService } from './managers.service';

const ID_PATTERN = /^[0-9a-f-]{36}$/i;

function actorOf(request: Request): Actor | undefined {
  return (request as unknown as Record<string, Actor | undefined>)[ACTOR_KEY];
}

/**
 * Early, clear refusals from manager-policy.ts for `PUT .../managers` (SPEC §2 MANAGER_CAP_EXCEEDED /
 * MANAGER_REQUIRED), after the access rule has admitted the caller. It reads without locks, so it is never the
 * only check: ManagersService.replace applies the same policy again under the organization row lock. A body that
 * is not yet valid passes through to the validation pipe.
 */
@Injectable()
export class ManagerCapGuard implements CanActivate {
  constructor(private readonly managers: ManagersService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request>();
    const actor = actorOf(request);
    const ids = (request.body as { managerUserIds?: unknown } | undefined)?.managerUserIds;
    if (!actor || !Array.isArray(ids) || !ids.every((id) => typeof id === 'string' && ID_PATTERN.test(id))) {
      return true;
    }
    if (new Set(ids).size !== ids.length) return true;
    await this.managers.precheckReplace(actor.orgId, ids as string[]);
    return true;
  }
}

/**
 * Early refusal for `DELETE .../members/:userId`: the last active manager while others remain, or the last member
 * unless the caller is a system operator. MembershipService.removeMember re-checks under the lock.
 */
@Injectable()
export class MemberRemovalGuard implements CanActivate {
  constructor(private readonly managers: ManagersService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request>();
    const actor = actorOf(request);
    const userId = request.params?.userId;
    if (!actor || typeof userId !== 'string' || !ID_PATTERN.test(userId)) return true;
    await this.managers.precheckRemoval(actor, userId);
    return true;
  }
}
